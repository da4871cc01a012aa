package dev.slipway.pipelines;

import java.util.List;
import java.util.Map;

/**
 * One step of a pipeline run.
 *
 * @param id surrogate key
 * @param name the step's name
 * @param state its state
 * @param attempts how many attempts were started
 * @param maxAttempts the most its retry policy allows
 * @param cacheKey the SHA-256 its result is cached under, once computed
 * @param cachedFrom where a CACHED step's outputs came from, or null
 * @param trackingRunId the nested tracking run, or null
 * @param outputs output name to where it is and what it holds
 * @param startedAt epoch millis, or null
 * @param endedAt epoch millis, or null
 * @param message why it is in its state, or null
 * @param attemptList its attempts, oldest first
 */
public record StepRun(long id, String name, StepState state, int attempts, int maxAttempts, String cacheKey,
		CacheSource cachedFrom, String trackingRunId, Map<String, StepOutput> outputs, Long startedAt, Long endedAt,
		String message, List<Attempt> attemptList) {

	/**
	 * The earlier step run a cached step reused.
	 *
	 * @param stepRunId that step run
	 * @param runId its pipeline run
	 */
	public record CacheSource(long stepRunId, long runId) {
	}

}
