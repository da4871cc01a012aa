package dev.slipway.pipelines;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.PipelineRepository.PipelineRow;
import dev.slipway.pipelines.PipelineRepository.VersionRow;
import dev.slipway.pipelines.PipelineRunRepository.AttemptRow;
import dev.slipway.pipelines.PipelineRunRepository.RunRow;
import dev.slipway.pipelines.PipelineRunRepository.StepRow;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.tracking.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves pipeline runs forward. Every change of a run and its steps happens in one
 * transaction under the run's row lock, so replicas never move a run at once. Dispatching
 * a step schedules a db-scheduler execution in the same transaction: the work is either
 * recorded and queued, or neither.
 */
@Component
class PipelineEngine {

	/** The db-scheduler task that runs one attempt. */
	static final String ATTEMPT_TASK = "pipeline-attempt";

	private static final Logger log = LoggerFactory.getLogger(PipelineEngine.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MAX_CACHED_DEFINITIONS = 500;

	private final PipelineRepository pipelines;

	private final PipelineRunRepository runs;

	private final StepTracking tracking;

	private final StepArtifacts artifacts;

	private final ApiTokenService tokens;

	private final ObjectProvider<SchedulerClient> scheduler;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Map<Long, PipelineDefinition> definitions = new ConcurrentHashMap<>();

	PipelineEngine(PipelineRepository pipelines, PipelineRunRepository runs, StepTracking tracking,
			StepArtifacts artifacts, ApiTokenService tokens, ObjectProvider<SchedulerClient> scheduler,
			ApplicationEventPublisher events, Clock clock) {
		this.pipelines = pipelines;
		this.runs = runs;
		this.tracking = tracking;
		this.artifacts = artifacts;
		this.tokens = tokens;
		this.scheduler = scheduler;
		this.events = events;
		this.clock = clock;
	}

	/** The parsed definition of a version, parsed once per replica. */
	PipelineDefinition definition(long versionId) {
		PipelineDefinition cached = this.definitions.get(versionId);
		if (cached != null) {
			return cached;
		}
		VersionRow row = this.pipelines.findVersionById(versionId)
			.orElseThrow(() -> SlipwayException.notFound("Pipeline version", versionId));
		PipelineDefinition definition = PipelineDefinitions.parse(row.definitionJson()).definition();
		if (this.definitions.size() >= MAX_CACHED_DEFINITIONS) {
			this.definitions.clear();
		}
		this.definitions.put(versionId, definition);
		return definition;
	}

	/**
	 * Looks at a run and does what is due: starts it, skips, serves from the cache or
	 * dispatches the steps whose upstream steps are done, stops it when cancel was asked,
	 * ends it when every step has ended. Safe to call any time, from any replica.
	 */
	@Transactional
	public void advance(long runId) {
		RunRow run = this.runs.lock(runId).orElse(null);
		if (run == null || run.state().ended()) {
			return;
		}
		PipelineRow pipeline = this.pipelines.find(run.pipelineId()).orElseThrow();
		Optional<SlipwayPrincipal> owner = this.tokens.principalOf(run.createdBy());
		if (owner.isEmpty()) {
			failRun(run, pipeline, "the account that started the run (" + run.createdBy() + ") is gone or disabled");
			return;
		}
		CurrentUser.runAs(owner.get(), () -> {
			advanceAs(run, pipeline);
			return null;
		});
	}

	private void advanceAs(RunRow run, PipelineRow pipeline) {
		long now = this.clock.millis();
		PipelineDefinition definition = definition(run.versionId());
		Map<String, StepRow> steps = byName(this.runs.steps(run.id()));
		if (run.cancelRequestedAt() != null) {
			cancelSteps(run, pipeline, steps, now);
			return;
		}
		RunRow current = run;
		if (run.state() == RunState.PENDING) {
			String trackingRunId = this.tracking.startParent(pipeline.experimentId(), pipeline.name(),
					versionNumber(run), run.id(), StepInputs.parameters(run.parametersJson()), now);
			this.runs.setRunTracking(run.id(), trackingRunId);
			this.runs.setRunState(run.id(), RunState.PENDING, RunState.RUNNING, now, null, null);
			this.runs.insertChange(run.id(), null, null, "PENDING", "RUNNING", "started", "system", now);
			current = this.runs.find(run.id()).orElseThrow();
		}
		Map<String, Object> parameters = StepInputs.parameters(current.parametersJson());
		boolean progress = true;
		while (progress) {
			progress = false;
			for (StepSpec spec : definition.topologicalOrder()) {
				StepRow step = steps.get(spec.name());
				if (step.state() != StepState.PENDING || waitingForAttempt(step)) {
					continue;
				}
				if (!spec.dependsOn().stream().allMatch((name) -> steps.get(name).state().ended())) {
					continue;
				}
				decide(current, pipeline, definition, spec, step, steps, parameters, now);
				steps.put(spec.name(), this.runs.findStep(step.id()).orElseThrow());
				progress = progress || steps.get(spec.name()).state().ended();
			}
		}
		if (steps.values().stream().allMatch((step) -> step.state().ended())) {
			endRun(current, pipeline, steps, now);
		}
	}

	/** What to do with a pending step whose upstream steps have all ended. */
	private void decide(RunRow run, PipelineRow pipeline, PipelineDefinition definition, StepSpec spec, StepRow step,
			Map<String, StepRow> steps, Map<String, Object> parameters, long now) {
		// Any failed ancestor, not only a direct one: a step after a skipped one says
		// why.
		for (String upstream : definition.ancestors(spec.name())) {
			StepState state = steps.get(upstream).state();
			if (state == StepState.FAILED || state == StepState.CANCELED) {
				skip(run, step, "not run: upstream step " + upstream + " " + state.name().toLowerCase(), now);
				return;
			}
		}
		StepInputs inputs = new StepInputs(spec, parameters, upstreamOutputs(steps));
		List<String> missing = inputs.missingOutputs();
		if (!missing.isEmpty()) {
			skip(run, step, "not run: it reads " + String.join(", ", missing) + ", which was never made", now);
			return;
		}
		if (spec.when() != null && !inputs.conditionHolds(spec.when())) {
			skip(run, step, "not run: its condition " + spec.when() + " is false", now);
			return;
		}
		String key = inputs.cacheKey(pipeline.name(), run.codeVersion());
		if (run.cacheEnabled() && spec.cache().enabled()) {
			Optional<StepRow> hit = cacheHit(key, run.id(), spec, now);
			if (hit.isPresent()) {
				this.runs.setStepCache(step.id(), key, hit.get().id(), hit.get().outputsJson());
				this.runs.setStepState(step.id(), StepState.PENDING, StepState.CACHED, now, now,
						"served from the cache: step run " + hit.get().id() + " of run " + hit.get().runId());
				this.runs.insertChange(run.id(), spec.name(), null, "PENDING", "CACHED",
						"outputs reused from run " + hit.get().runId(), "system", now);
				return;
			}
		}
		this.runs.setStepCache(step.id(), key, null, null);
		dispatch(run, pipeline, spec, step, step.attempts() + 1, now, now);
	}

	/**
	 * Starts the step's nested tracking run if needed, and queues attempt {@code number}.
	 */
	private void dispatch(RunRow run, PipelineRow pipeline, StepSpec spec, StepRow step, int number, long notBefore,
			long now) {
		if (step.trackingRunId() == null) {
			String trackingRunId = this.tracking.startStep(pipeline.experimentId(), run.trackingRunId(), run.id(),
					spec.name(), now);
			this.runs.setStepTracking(step.id(), trackingRunId);
		}
		long attemptId = this.runs.insertAttempt(step.id(), number, run.executor(), notBefore);
		if (step.state() == StepState.PENDING) {
			this.runs.setStepState(step.id(), StepState.PENDING, StepState.RUNNING, now, null, null);
			this.runs.insertChange(run.id(), spec.name(), number, "PENDING", "RUNNING", "queued", "system", now);
		}
		this.scheduler.getObject()
			.scheduleIfNotExists(new TaskInstance<Void>(ATTEMPT_TASK, Long.toString(attemptId)),
					Instant.ofEpochMilli(notBefore));
	}

	private boolean waitingForAttempt(StepRow step) {
		return step.attempts() > 0 && this.runs.attempts(step.id())
			.stream()
			.anyMatch((attempt) -> !attempt.ended() && attempt.attempt() == step.attempts());
	}

	private Optional<StepRow> cacheHit(String key, long runId, StepSpec spec, long now) {
		for (StepRow candidate : this.runs.cacheCandidates(key, runId, 5)) {
			if (candidate.endedAt() != null
					&& !spec.cache().accepts(java.time.Duration.ofMillis(now - candidate.endedAt()))) {
				continue;
			}
			Map<String, StepOutput> outputs = outputs(candidate.outputsJson());
			boolean present = outputs.values().stream().allMatch((output) -> {
				String outputKey = dev.slipway.tracking.ArtifactUris.keyOf(output.uri());
				return outputKey != null && this.artifacts.exists(outputKey);
			});
			if (present && outputs.keySet().containsAll(spec.outputs().keySet())) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	private void skip(RunRow run, StepRow step, String reason, long now) {
		this.runs.setStepState(step.id(), StepState.PENDING, StepState.SKIPPED, null, now, reason);
		this.runs.insertChange(run.id(), step.stepName(), null, "PENDING", "SKIPPED", reason, "system", now);
	}

	/**
	 * Records the end of an attempt and what follows from it: the step succeeds, fails,
	 * is cancelled, or gets its next attempt after the backoff; then the run moves on. A
	 * second call for the same attempt changes nothing.
	 */
	@Transactional
	public void attemptEnded(long attemptId, AttemptPhase phase, Integer exitCode, String message,
			Map<String, StepOutput> outputs) {
		AttemptRow attempt = this.runs.findAttempt(attemptId).orElse(null);
		if (attempt == null) {
			return;
		}
		StepRow step = this.runs.findStep(attempt.stepRunId()).orElseThrow();
		RunRow run = this.runs.lock(step.runId()).orElseThrow();
		long now = this.clock.millis();
		String attemptState = (phase == AttemptPhase.PENDING || phase == AttemptPhase.RUNNING) ? "ERROR" : phase.name();
		if (!this.runs.endAttempt(attemptId, attemptState, exitCode, message, now)) {
			return;
		}
		if (attempt.tokenId() != null) {
			this.tokens.revokeScoped(attempt.tokenId());
		}
		PipelineRow pipeline = this.pipelines.find(run.pipelineId()).orElseThrow();
		StepSpec spec = definition(run.versionId()).step(step.stepName()).orElseThrow();
		String actor = "system";
		Optional<SlipwayPrincipal> owner = this.tokens.principalOf(run.createdBy());
		StepState from = step.state();
		if (phase == AttemptPhase.SUCCEEDED) {
			this.runs.setStepOutputs(step.id(), JSON.writeValueAsString(outputs));
			this.runs.setStepState(step.id(), from, StepState.SUCCEEDED, null, now, null);
			this.runs.insertChange(run.id(), step.stepName(), attempt.attempt(), from.name(), "SUCCEEDED",
					"exited with code 0", actor, now);
			endTracking(owner, step.trackingRunId(), RunStatus.FINISHED, now);
		}
		else if (phase == AttemptPhase.STOPPED || run.cancelRequestedAt() != null) {
			String reason = "the run was cancelled";
			this.runs.setStepState(step.id(), from, StepState.CANCELED, null, now, reason);
			this.runs.insertChange(run.id(), step.stepName(), attempt.attempt(), from.name(), "CANCELED", reason, actor,
					now);
			endTracking(owner, step.trackingRunId(), RunStatus.KILLED, now);
		}
		else if (spec.retriesAfter(attempt.attempt() - step.firstAttempt() + 1)) {
			// Numbered within this round: a retried run gives the step its whole policy
			// again.
			int next = attempt.attempt() - step.firstAttempt() + 2;
			long notBefore = now + spec.backoffBefore(next).toMillis();
			String reason = "attempt " + (next - 1) + " " + describe(phase, message) + "; attempt " + next + " of "
					+ spec.retry().maxAttempts() + " starts in " + spec.backoffBefore(next).toSeconds() + "s";
			this.runs.insertChange(run.id(), step.stepName(), attempt.attempt(), from.name(), from.name(), reason,
					actor, now);
			dispatch(run, pipeline, spec, step, attempt.attempt() + 1, notBefore, now);
		}
		else {
			int round = attempt.attempt() - step.firstAttempt() + 1;
			String reason = describe(phase, message) + ((spec.retry().maxAttempts() > 1)
					? " (attempt " + round + " of " + spec.retry().maxAttempts() + ")" : "");
			this.runs.setStepState(step.id(), from, StepState.FAILED, null, now, reason);
			this.runs.insertChange(run.id(), step.stepName(), attempt.attempt(), from.name(), "FAILED", reason, actor,
					now);
			endTracking(owner, step.trackingRunId(), RunStatus.FAILED, now);
		}
		if (owner.isPresent()) {
			CurrentUser.runAs(owner.get(), () -> {
				advanceAs(this.runs.find(run.id()).orElseThrow(), pipeline);
				return null;
			});
		}
		else {
			failRun(run, pipeline, "the account that started the run (" + run.createdBy() + ") is gone or disabled");
		}
	}

	private static String describe(AttemptPhase phase, String message) {
		String text = (message != null && !message.isBlank()) ? message : phase.name().toLowerCase();
		return switch (phase) {
			case LOST -> "was lost: " + text;
			case TIMED_OUT -> "timed out: " + text;
			default -> text;
		};
	}

	private void endTracking(Optional<SlipwayPrincipal> owner, String trackingRunId, RunStatus status, long now) {
		if (owner.isEmpty() || trackingRunId == null) {
			return;
		}
		try {
			CurrentUser.runAs(owner.get(), () -> {
				this.tracking.setStatus(trackingRunId, status, now);
				return null;
			});
		}
		catch (SlipwayException ex) {
			// A tracking run deleted by hand must not stop the pipeline.
			log.warn("Tracking run {} was not updated: {}", trackingRunId, ex.getMessage());
		}
	}

	private void cancelSteps(RunRow run, PipelineRow pipeline, Map<String, StepRow> steps, long now) {
		Optional<SlipwayPrincipal> owner = this.tokens.principalOf(run.createdBy());
		for (StepRow step : steps.values()) {
			if (step.state() == StepState.PENDING) {
				String reason = "the run was cancelled";
				this.runs.setStepState(step.id(), StepState.PENDING, StepState.CANCELED, null, now, reason);
				this.runs.insertChange(run.id(), step.stepName(), null, "PENDING", "CANCELED", reason, "system", now);
				for (AttemptRow attempt : this.runs.attempts(step.id())) {
					if (!attempt.ended()) {
						this.runs.endAttempt(attempt.id(), "STOPPED", null, "cancelled before it started", now);
					}
				}
				endTracking(owner, step.trackingRunId(), RunStatus.KILLED, now);
			}
			else if (step.state() == StepState.RUNNING) {
				boolean queued = this.runs.attempts(step.id())
					.stream()
					.anyMatch((attempt) -> "SCHEDULED".equals(attempt.state()));
				if (queued) {
					String reason = "the run was cancelled";
					for (AttemptRow attempt : this.runs.attempts(step.id())) {
						if (!attempt.ended()) {
							this.runs.endAttempt(attempt.id(), "STOPPED", null, "cancelled before it started", now);
						}
					}
					this.runs.setStepState(step.id(), StepState.RUNNING, StepState.CANCELED, null, now, reason);
					this.runs.insertChange(run.id(), step.stepName(), null, "RUNNING", "CANCELED", reason, "system",
							now);
					endTracking(owner, step.trackingRunId(), RunStatus.KILLED, now);
				}
				else {
					// Its attempt's runner sees the request and stops the process or Job.
					this.runs.setStepState(step.id(), StepState.RUNNING, StepState.CANCELING, null, null,
							"stopping: the run was cancelled");
					this.runs.insertChange(run.id(), step.stepName(), null, "RUNNING", "CANCELING",
							"the run was cancelled", "system", now);
				}
			}
		}
		if (run.state() != RunState.CANCELING) {
			this.runs.setRunState(run.id(), run.state(), RunState.CANCELING, null, null, "cancel requested");
			this.runs.insertChange(run.id(), null, null, run.state().name(), "CANCELING", "cancel requested", "system",
					now);
		}
		Map<String, StepRow> after = byName(this.runs.steps(run.id()));
		if (after.values().stream().allMatch((step) -> step.state().ended())) {
			this.runs.setRunState(run.id(), RunState.CANCELING, RunState.CANCELED, null, now, "cancelled");
			this.runs.insertChange(run.id(), null, null, "CANCELING", "CANCELED", "every step has stopped", "system",
					now);
			endTracking(owner, run.trackingRunId(), RunStatus.KILLED, now);
			publish("pipeline.run.canceled", run, pipeline, RunState.CANCELED, "every step has stopped", now);
		}
	}

	private void endRun(RunRow run, PipelineRow pipeline, Map<String, StepRow> steps, long now) {
		List<String> failed = new ArrayList<>();
		steps.values().forEach((step) -> {
			if (step.state() == StepState.FAILED || step.state() == StepState.CANCELED) {
				failed.add(step.stepName());
			}
		});
		RunState to = failed.isEmpty() ? RunState.SUCCEEDED : RunState.FAILED;
		String reason = failed.isEmpty() ? "every step succeeded, was cached or was skipped"
				: "step " + String.join(", ", failed) + " failed";
		if (!this.runs.setRunState(run.id(), run.state(), to, null, now, failed.isEmpty() ? null : reason)) {
			return;
		}
		this.runs.insertChange(run.id(), null, null, run.state().name(), to.name(), reason, "system", now);
		if (run.trackingRunId() != null) {
			this.tracking.setStatus(run.trackingRunId(),
					(to == RunState.SUCCEEDED) ? RunStatus.FINISHED : RunStatus.FAILED, now);
		}
		publish((to == RunState.SUCCEEDED) ? "pipeline.run.succeeded" : "pipeline.run.failed", run, pipeline, to,
				reason, now);
	}

	private void failRun(RunRow run, PipelineRow pipeline, String reason) {
		long now = this.clock.millis();
		for (StepRow step : this.runs.steps(run.id())) {
			if (!step.state().ended()) {
				this.runs.setStepState(step.id(), step.state(), StepState.FAILED, null, now, reason);
			}
		}
		if (this.runs.setRunState(run.id(), run.state(), RunState.FAILED, null, now, reason)) {
			this.runs.insertChange(run.id(), null, null, run.state().name(), "FAILED", reason, "system", now);
			publish("pipeline.run.failed", run, pipeline, RunState.FAILED, reason, now);
		}
	}

	void publish(String type, RunRow run, PipelineRow pipeline, RunState state, String reason, long now) {
		String actor = CurrentUser.find().map(SlipwayPrincipal::username).orElse("system");
		this.events.publishEvent(new PipelineRunEvent(type, now, actor, pipeline.id(), pipeline.name(), run.id(),
				versionNumber(run), state, run.cause(), reason));
	}

	private int versionNumber(RunRow run) {
		return this.pipelines.findVersionById(run.versionId()).map(VersionRow::version).orElse(0);
	}

	private Map<String, Map<String, StepOutput>> upstreamOutputs(Map<String, StepRow> steps) {
		Map<String, Map<String, StepOutput>> outputs = new LinkedHashMap<>();
		steps.forEach((name, step) -> {
			if (step.state().produced()) {
				outputs.put(name, outputs(step.outputsJson()));
			}
		});
		return outputs;
	}

	static Map<String, StepOutput> outputs(String json) {
		if (json == null || json.isBlank()) {
			return Map.of();
		}
		return JSON.readValue(json, new TypeReference<LinkedHashMap<String, StepOutput>>() {
		});
	}

	private static Map<String, StepRow> byName(List<StepRow> steps) {
		Map<String, StepRow> byName = new LinkedHashMap<>();
		steps.forEach((step) -> byName.put(step.stepName(), step));
		return byName;
	}

	/** Throws NOT_FOUND for a run that does not exist. */
	RunRow requireRun(long runId) {
		return this.runs.find(runId).orElseThrow(() -> SlipwayException.notFound("Pipeline run", runId));
	}

	static SlipwayException invalidState(String message) {
		return new SlipwayException(ErrorCode.INVALID_STATE, message);
	}

}
