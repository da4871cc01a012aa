package dev.slipway.pipelines;

import java.util.List;
import java.util.Map;

/**
 * A pipeline run with its steps.
 *
 * @param id surrogate key
 * @param pipelineId its pipeline
 * @param pipelineName that pipeline's name
 * @param version the pipeline version it runs
 * @param state its state
 * @param parameters every parameter's value (given or default)
 * @param cacheEnabled whether steps may be served from the cache
 * @param executor {@code local} or {@code kubernetes}
 * @param cause why it exists
 * @param causeDetail the event that caused it, in words, or null
 * @param scheduleId the schedule that started it, or null
 * @param triggerId the trigger that started it, or null
 * @param trackingRunId the tracking run holding it (steps are nested runs), or null
 * @param experimentId the tracking experiment
 * @param createdBy who started it (for a schedule or trigger: their owner)
 * @param createdAt epoch millis
 * @param startedAt epoch millis its first step started, or null
 * @param endedAt epoch millis it ended, or null
 * @param message why it ended as it did, or null
 * @param steps its steps, in the definition's topological order
 */
public record PipelineRun(long id, long pipelineId, String pipelineName, int version, RunState state,
		Map<String, Object> parameters, boolean cacheEnabled, String executor, RunCause cause, String causeDetail,
		Long scheduleId, Long triggerId, String trackingRunId, long experimentId, String createdBy, long createdAt,
		Long startedAt, Long endedAt, String message, List<StepRun> steps) {
}
