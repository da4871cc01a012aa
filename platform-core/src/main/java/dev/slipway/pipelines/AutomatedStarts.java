package dev.slipway.pipelines;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.PipelineRepository.PipelineRow;
import dev.slipway.pipelines.PipelineRepository.VersionRow;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.SlipwayPrincipal;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * What schedules and triggers share: their parameter values checked against a version as
 * a run would check them, and runs started as the account that made the schedule or
 * trigger, once that account is still enabled and still may start runs.
 */
@Component
class AutomatedStarts {

	/** The most parameter values a schedule or trigger holds. */
	static final int MAX_PARAMETERS = 100;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PipelineRepository pipelines;

	private final PipelineEngine engine;

	private final PipelineService service;

	private final PipelineAccess access;

	private final ApiTokenService tokens;

	AutomatedStarts(PipelineRepository pipelines, PipelineEngine engine, PipelineService service, PipelineAccess access,
			ApiTokenService tokens) {
		this.pipelines = pipelines;
		this.engine = engine;
		this.service = service;
		this.access = access;
		this.tokens = tokens;
	}

	/** The pipeline with this name, or NOT_FOUND. */
	PipelineRow requirePipeline(String name) {
		return this.pipelines.findByName(name).orElseThrow(() -> SlipwayException.notFound("Pipeline", name));
	}

	Optional<PipelineRow> pipeline(long id) {
		return this.pipelines.find(id);
	}

	/**
	 * Binds {@code parameters} to the definition of the pinned version (the latest when
	 * null), refusing them as a run would.
	 * @throws SlipwayException INVALID_ARGUMENT naming {@code version} or
	 * {@code parameters.X}
	 */
	void validate(PipelineRow pipeline, Integer version, Map<String, Object> parameters) {
		if (parameters != null && parameters.size() > MAX_PARAMETERS) {
			throw SlipwayException.invalidArgument("parameters", "at most " + MAX_PARAMETERS + " values");
		}
		int number = (version != null) ? version : pipeline.latestVersion();
		VersionRow row = this.pipelines.findVersion(pipeline.id(), number)
			.orElseThrow(() -> SlipwayException.invalidArgument("version",
					"pipeline " + pipeline.name() + " has no version " + number));
		Parameters.bind(this.engine.definition(row.id()), parameters);
	}

	/**
	 * Why the account {@code username} may no longer start runs of the pipeline, or empty
	 * when it may: disabled or deleted, or without EDIT on the pipeline's experiment.
	 */
	Optional<String> refusal(String username, PipelineRow pipeline) {
		Optional<SlipwayPrincipal> owner = this.tokens.principalOf(username);
		if (owner.isEmpty()) {
			return Optional.of("the account that made it (" + username + ") is gone or disabled");
		}
		boolean allowed = CurrentUser.runAs(owner.get(), () -> this.access.allows(pipeline.experimentId(), "EDIT"));
		return allowed ? Optional.empty() : Optional
			.of("the account that made it (" + username + ") may no longer start runs of pipeline " + pipeline.name());
	}

	/**
	 * Starts a run as {@code username}, joining the caller's transaction; call
	 * {@link #refusal} first.
	 */
	long start(String username, String pipelineName, StartRun request, RunCause cause, String causeDetail,
			Long scheduleId, Long triggerId, Long scheduledFor) {
		SlipwayPrincipal owner = this.tokens.principalOf(username)
			.orElseThrow(() -> new IllegalStateException("account " + username + " is gone"));
		return CurrentUser.runAs(owner, () -> this.service.startInternal(pipelineName, request, cause, causeDetail,
				scheduleId, triggerId, scheduledFor));
	}

	static String toJson(Map<String, Object> parameters) {
		return JSON.writeValueAsString((parameters != null) ? parameters : Map.of());
	}

	static Map<String, Object> fromJson(String json) {
		if (json == null || json.isBlank()) {
			return Map.of();
		}
		return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
		});
	}

	/**
	 * A schedule's or trigger's name: 1 to 100 letters, digits, {@code .}, {@code _} or
	 * {@code -}, starting with a letter or digit (it is part of a URL).
	 */
	static String requireName(String name) {
		if (name == null || name.isBlank()) {
			throw SlipwayException.invalidArgument("name", "is required");
		}
		String stripped = name.strip();
		if (stripped.length() > 100 || !stripped.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
			throw SlipwayException.invalidArgument("name",
					"must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
		return stripped;
	}

}
