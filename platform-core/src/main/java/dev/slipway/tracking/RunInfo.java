package dev.slipway.tracking;

/**
 * A run's attributes.
 *
 * @param runId public id: 32 lower-case hex characters
 * @param runName display name
 * @param experimentId the experiment's public id
 * @param userId who ran it, as the client says
 * @param status lifecycle status
 * @param startTime epoch milliseconds, or null
 * @param endTime epoch milliseconds, or null while running
 * @param artifactUri root URI of the run's artifacts ({@code mlflow-artifacts:/...})
 * @param lifecycleStage {@code active} or {@code deleted}
 */
public record RunInfo(String runId, String runName, String experimentId, String userId, RunStatus status,
		Long startTime, Long endTime, String artifactUri, String lifecycleStage) {
}
