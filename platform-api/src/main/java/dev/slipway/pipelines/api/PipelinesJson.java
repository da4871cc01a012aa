package dev.slipway.pipelines.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.pipelines.Attempt;
import dev.slipway.pipelines.Pipeline;
import dev.slipway.pipelines.PipelineRun;
import dev.slipway.pipelines.PipelineVersion;
import dev.slipway.pipelines.StateChange;
import dev.slipway.pipelines.StepOutput;
import dev.slipway.pipelines.StepRun;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The JSON shapes of the pipelines API. */
final class PipelinesJson {

	private PipelinesJson() {
	}

	/** A pipeline. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record PipelineJson(long id, String name, String description, long experimentId, String experimentName,
			int latestVersion, String createdBy, long createdAt, long updatedAt) {

		static PipelineJson of(Pipeline p) {
			return new PipelineJson(p.id(), p.name(), p.description(), p.experimentId(), p.experimentName(),
					p.latestVersion(), p.createdBy(), p.createdAt(), p.updatedAt());
		}

	}

	/** A page of pipelines. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record PipelinesPage(List<PipelineJson> pipelines, String nextPageToken) {
	}

	/** A version; {@code definition} is the canonical JSON as an object. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record VersionJson(String pipeline, int version, String digest, String source, Object definition,
			List<String> steps, String createdBy, long createdAt) {

		static VersionJson of(String pipeline, PipelineVersion v, Object definition) {
			return new VersionJson(pipeline, v.version(), v.digest(), v.source(), definition,
					v.definition().steps().stream().map(dev.slipway.pipelines.StepSpec::name).toList(), v.createdBy(),
					v.createdAt());
		}

	}

	/** A page of versions. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record VersionsPage(List<VersionJson> versions, String nextPageToken) {
	}

	/** The answer to an upload. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record UploadJson(PipelineJson pipeline, VersionJson version, boolean created) {
	}

	/** What starts a run. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record StartRunJson(Integer version, Map<String, Object> parameters, Boolean cacheEnabled, String executor,
			String codeVersion) {
	}

	/** One attempt. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record AttemptJson(int number, String state, String executor, long notBefore, String owner, String externalId,
			Integer exitCode, Long startedAt, Long endedAt, String message) {

		static AttemptJson of(Attempt a) {
			return new AttemptJson(a.number(), a.state(), a.executor(), a.notBefore(), a.owner(), a.externalId(),
					a.exitCode(), a.startedAt(), a.endedAt(), a.message());
		}

	}

	/** One output of a step. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record OutputJson(String type, String uri, String digest, long size, String value) {

		static OutputJson of(StepOutput o) {
			return new OutputJson(o.type().name().toLowerCase(java.util.Locale.ROOT), o.uri(), o.digest(), o.size(),
					o.value());
		}

	}

	/** One step of a run. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record StepJson(String name, String state, int attempts, int maxAttempts, String cacheKey, Long cachedFromRunId,
			Long cachedFromStepRunId, String trackingRunId, Map<String, OutputJson> outputs, Long startedAt,
			Long endedAt, String message, List<AttemptJson> attemptList) {

		static StepJson of(StepRun s) {
			Map<String, OutputJson> outputs = new LinkedHashMap<>();
			s.outputs().forEach((name, output) -> outputs.put(name, OutputJson.of(output)));
			return new StepJson(s.name(), s.state().name(), s.attempts(), s.maxAttempts(), s.cacheKey(),
					(s.cachedFrom() != null) ? s.cachedFrom().runId() : null,
					(s.cachedFrom() != null) ? s.cachedFrom().stepRunId() : null, s.trackingRunId(), outputs,
					s.startedAt(), s.endedAt(), s.message(), s.attemptList().stream().map(AttemptJson::of).toList());
		}

	}

	/** A run. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record RunJson(long id, String pipeline, int version, String state, Map<String, Object> parameters,
			boolean cacheEnabled, String executor, String cause, String causeDetail, Long scheduleId, Long triggerId,
			String trackingRunId, long experimentId, String createdBy, long createdAt, Long startedAt, Long endedAt,
			String message, List<StepJson> steps) {

		static RunJson of(PipelineRun r) {
			return new RunJson(r.id(), r.pipelineName(), r.version(), r.state().name(), r.parameters(),
					r.cacheEnabled(), r.executor(), r.cause().name(), r.causeDetail(), r.scheduleId(), r.triggerId(),
					r.trackingRunId(), r.experimentId(), r.createdBy(), r.createdAt(), r.startedAt(), r.endedAt(),
					r.message(), r.steps().stream().map(StepJson::of).toList());
		}

	}

	/** A page of runs. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record RunsPage(List<RunJson> runs, String nextPageToken) {
	}

	/** One state change. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record ChangeJson(String step, Integer attempt, String from, String to, String reason, String actor, long at) {

		static ChangeJson of(StateChange c) {
			return new ChangeJson(c.stepName(), c.attempt(), c.from(), c.to(), c.reason(), c.actor(), c.at());
		}

	}

	/** A run's history. */
	record HistoryJson(List<ChangeJson> changes) {
	}

	/** A piece of a log. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record LogJson(String text, long nextOffset, boolean complete) {
	}

}
