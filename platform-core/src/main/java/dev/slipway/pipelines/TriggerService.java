package dev.slipway.pipelines;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.PipelineRepository.PipelineRow;
import dev.slipway.pipelines.TriggerRepository.TriggerRow;
import dev.slipway.registry.RegistryAccess;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.SlipwayPrincipal;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Triggers of pipelines: a monitoring alert, a new model version or another pipeline's
 * success starts a run ({@link TriggerFirings}) as the account that made the trigger.
 * Making and changing one needs MANAGE on the pipeline, reading it READ; a trigger on a
 * model's events also needs READ on that model, and one on every model is for admins.
 * Triggers between pipelines must not form a loop.
 */
@Service
@Transactional(readOnly = true)
public class TriggerService {

	/** The most triggers one pipeline has. */
	public static final int MAX_TRIGGERS = 100;

	/** The longest cooldown: 30 days. */
	public static final long MAX_COOLDOWN_SECONDS = 30L * 24 * 3600;

	/** The most firings one read returns. */
	public static final int MAX_FIRINGS = 200;

	/** How far a loop check follows triggers between pipelines. */
	private static final int MAX_CHAIN = 1000;

	private final TriggerRepository triggers;

	private final AutomatedStarts starts;

	private final RegistryAccess registryAccess;

	private final PipelineAccess pipelineAccess;

	private final Clock clock;

	TriggerService(TriggerRepository triggers, AutomatedStarts starts, RegistryAccess registryAccess,
			PipelineAccess pipelineAccess, Clock clock) {
		this.triggers = triggers;
		this.starts = starts;
		this.registryAccess = registryAccess;
		this.pipelineAccess = pipelineAccess;
		this.clock = clock;
	}

	/**
	 * Makes a trigger of the pipeline; its runs act as the caller.
	 * @throws SlipwayException INVALID_ARGUMENT naming the field (a loop of pipeline
	 * triggers names {@code source_name}), ALREADY_EXISTS for a name the pipeline's
	 * triggers already use, PERMISSION_DENIED for a source the caller may not read,
	 * NOT_FOUND for an unknown pipeline
	 */
	@Transactional
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'MANAGE')")
	public PipelineTrigger create(String name, NewTrigger request) {
		SlipwayPrincipal caller = CurrentUser.require();
		PipelineRow pipeline = this.starts.requirePipeline(name);
		if (request == null) {
			throw SlipwayException.invalidArgument("name", "is required");
		}
		String triggerName = AutomatedStarts.requireName(request.name());
		TriggerKind kind = kind(request.kind());
		String source = source(kind, request.sourceName(), pipeline, caller);
		long cooldown = cooldown(
				(request.cooldownSeconds() != null) ? request.cooldownSeconds() : kind.defaultCooldownSeconds());
		validate(kind, pipeline, request.parameters());
		if (this.triggers.find(pipeline.id(), triggerName).isPresent()) {
			throw alreadyExists(name, triggerName);
		}
		if (this.triggers.count(pipeline.id()) >= MAX_TRIGGERS) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Pipeline " + name + " has " + MAX_TRIGGERS + " triggers, the most it may have");
		}
		long now = this.clock.millis();
		try {
			this.triggers.insert(pipeline.id(), triggerName, kind, source, AutomatedStarts.toJson(request.parameters()),
					cooldown, !Boolean.FALSE.equals(request.enabled()), caller.username(), now);
		}
		catch (DuplicateKeyException ex) {
			throw alreadyExists(name, triggerName);
		}
		return toTrigger(this.triggers.find(pipeline.id(), triggerName).orElseThrow(), pipeline.name());
	}

	/** The pipeline's triggers by name (at most {@link #MAX_TRIGGERS}). */
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'READ')")
	public List<PipelineTrigger> list(String name) {
		PipelineRow pipeline = this.starts.requirePipeline(name);
		return this.triggers.list(pipeline.id(), MAX_TRIGGERS)
			.stream()
			.map((row) -> toTrigger(row, pipeline.name()))
			.toList();
	}

	/** One trigger of the pipeline. */
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'READ')")
	public PipelineTrigger get(String name, String trigger) {
		PipelineRow pipeline = this.starts.requirePipeline(name);
		return toTrigger(require(pipeline, trigger), pipeline.name());
	}

	/**
	 * Changes a trigger: enables or disables it, or changes its source, parameters or
	 * cooldown. Its runs keep acting as the account that made it.
	 * @throws SlipwayException as {@link #create}
	 */
	@Transactional
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'MANAGE')")
	public PipelineTrigger update(String name, String trigger, TriggerChange change) {
		SlipwayPrincipal caller = CurrentUser.require();
		PipelineRow pipeline = this.starts.requirePipeline(name);
		TriggerRow row = this.triggers.lock(require(pipeline, trigger).id()).orElseThrow();
		TriggerChange given = (change != null) ? change : new TriggerChange(null, null, null, null);
		String source = (given.sourceName() != null) ? source(row.kind(), given.sourceName(), pipeline, caller)
				: row.sourceName();
		Map<String, Object> parameters = (given.parameters() != null) ? given.parameters()
				: AutomatedStarts.fromJson(row.parametersJson());
		if (given.parameters() != null) {
			validate(row.kind(), pipeline, parameters);
		}
		long cooldown = (given.cooldownSeconds() != null) ? cooldown(given.cooldownSeconds()) : row.cooldownSeconds();
		boolean enabled = (given.enabled() != null) ? given.enabled() : row.enabled();
		String message = (enabled && !row.enabled()) ? null : row.message();
		this.triggers.update(row.id(), source, AutomatedStarts.toJson(parameters), cooldown, enabled, message,
				this.clock.millis());
		return toTrigger(this.triggers.lock(row.id()).orElseThrow(), pipeline.name());
	}

	/** Deletes a trigger with its firings; its runs stay, without it. */
	@Transactional
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'MANAGE')")
	public void delete(String name, String trigger) {
		PipelineRow pipeline = this.starts.requirePipeline(name);
		this.triggers.delete(require(pipeline, trigger).id());
	}

	/**
	 * The trigger's firings, newest first: what it did with each event it matched.
	 * @param limit at most this many (50 when null, up to {@link #MAX_FIRINGS})
	 */
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'READ')")
	public List<TriggerFiring> firings(String name, String trigger, Integer limit) {
		int size = (limit != null) ? limit : 50;
		if (size < 1 || size > MAX_FIRINGS) {
			throw SlipwayException.invalidArgument("limit", "must be from 1 to " + MAX_FIRINGS);
		}
		PipelineRow pipeline = this.starts.requirePipeline(name);
		return this.triggers.firings(require(pipeline, trigger).id(), size);
	}

	private TriggerRow require(PipelineRow pipeline, String trigger) {
		return this.triggers.find(pipeline.id(), trigger)
			.orElseThrow(() -> SlipwayException.notFound("Trigger of pipeline " + pipeline.name(), trigger));
	}

	private void validate(TriggerKind kind, PipelineRow pipeline, Map<String, Object> parameters) {
		TriggerParameters.check(kind, parameters);
		this.starts.validate(pipeline, null,
				(parameters != null) ? TriggerParameters.fill(parameters, TriggerParameters.samples(kind)) : null);
	}

	private static TriggerKind kind(String kind) {
		if (kind == null || kind.isBlank()) {
			throw SlipwayException.invalidArgument("kind", "is required: ALERT, MODEL_VERSION or PIPELINE_SUCCEEDED");
		}
		try {
			return TriggerKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw SlipwayException.invalidArgument("kind",
					"'" + kind + "' is not ALERT, MODEL_VERSION or PIPELINE_SUCCEEDED");
		}
	}

	/**
	 * The source as stored: a model the caller may read (every model for an admin when
	 * blank), or a pipeline that is not this one and does not, through other triggers,
	 * already start when this one succeeds.
	 */
	private String source(TriggerKind kind, String given, PipelineRow pipeline, SlipwayPrincipal caller) {
		String source = (given != null && !given.isBlank()) ? given.strip() : null;
		if (source != null && source.length() > 256) {
			throw SlipwayException.invalidArgument("source_name", "must be at most 256 characters");
		}
		if (kind == TriggerKind.PIPELINE_SUCCEEDED) {
			if (source == null) {
				throw SlipwayException.invalidArgument("source_name",
						"is required for PIPELINE_SUCCEEDED: the pipeline whose success starts this one");
			}
			if (!this.pipelineAccess.pipeline(source, "READ")) {
				throw new SlipwayException(ErrorCode.PERMISSION_DENIED, "You need READ on pipeline " + source);
			}
			requireNoLoop(source, pipeline.name());
			return source;
		}
		if (source == null) {
			if (!caller.isAdmin()) {
				throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
						"Only an admin may make a trigger on every model; name one in source_name");
			}
			return null;
		}
		if (!this.registryAccess.model(source, "READ")) {
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED, "You need READ on model " + source);
		}
		return source;
	}

	/**
	 * Refuses an edge {@code source → target} that closes a loop: the target's success
	 * already leads, through triggers, to the source (or they are the same pipeline).
	 * Disabled triggers count too, so enabling one later can never close a loop.
	 */
	private void requireNoLoop(String source, String target) {
		if (source.equals(target)) {
			throw SlipwayException.invalidArgument("source_name",
					"a pipeline cannot trigger itself: its success would start it again, forever");
		}
		Set<String> seen = new HashSet<>();
		Deque<String> queue = new ArrayDeque<>(List.of(target));
		while (!queue.isEmpty() && seen.size() < MAX_CHAIN) {
			String next = queue.poll();
			if (!seen.add(next)) {
				continue;
			}
			for (String started : this.triggers.pipelinesTriggeredBy(next, MAX_TRIGGERS)) {
				if (started.equals(source)) {
					throw SlipwayException.invalidArgument("source_name", "a success of " + target
							+ " already leads to " + source + " through triggers, so this trigger would close a loop");
				}
				queue.add(started);
			}
		}
	}

	private static long cooldown(long seconds) {
		if (seconds < 0 || seconds > MAX_COOLDOWN_SECONDS) {
			throw SlipwayException.invalidArgument("cooldown_seconds",
					"must be from 0 to " + MAX_COOLDOWN_SECONDS + " (30 days)");
		}
		return seconds;
	}

	private static SlipwayException alreadyExists(String pipeline, String trigger) {
		return new SlipwayException(ErrorCode.ALREADY_EXISTS,
				"Pipeline " + pipeline + " already has a trigger named '" + trigger + "'");
	}

	private static PipelineTrigger toTrigger(TriggerRow row, String pipeline) {
		return new PipelineTrigger(row.id(), pipeline, row.name(), row.kind(), row.sourceName(),
				AutomatedStarts.fromJson(row.parametersJson()), row.cooldownSeconds(), row.enabled(), row.lastFiredAt(),
				row.message(), row.createdBy(), row.createdAt(), row.updatedAt());
	}

}
