package dev.slipway.serving;

/**
 * The checks a rollout's candidate must pass, read every {@code intervalSeconds} over the
 * requests of its current step (every replica's). A check with fewer than
 * {@code minRequests} candidate requests is inconclusive: the step waits. A failed check
 * counts; more than {@code failureLimit} failed checks abort the rollout.
 *
 * @param intervalSeconds seconds between checks
 * @param minRequests the fewest candidate requests a check needs
 * @param maxErrorRate the highest share of candidate requests that may fail (0 to 1), or
 * null
 * @param maxP99Millis the highest candidate p99 latency in milliseconds, or null
 * @param maxP50Millis the highest candidate median latency in milliseconds, or null
 * @param maxLatencyRatio the highest candidate p99 over the stable version's p99 in the
 * same period (when the stable version also has {@code minRequests}), or null
 * @param maxDisagreement for shadow traffic: the highest share of mirrored requests whose
 * answer differs from the stable version's (0 to 1), or null
 * @param failureLimit how many failed checks are tolerated; one more aborts
 * @param predictionDrift whether the candidate's predictions are checked for drift by the
 * deployment's monitor: its method and thresholds for the prediction column, against its
 * reference. The check fails when the candidate's predictions drift while the stable
 * version's over the same period do not (when both drift, the data moved, not the model).
 * Needs {@code options.monitor_id} naming a monitor with a prediction column and a
 * reference. Null or false: not checked
 */
public record Gates(Integer intervalSeconds, Integer minRequests, Double maxErrorRate, Double maxP99Millis,
		Double maxP50Millis, Double maxLatencyRatio, Double maxDisagreement, Integer failureLimit,
		Boolean predictionDrift) {

	/** Gates without the prediction-drift check. */
	public Gates(Integer intervalSeconds, Integer minRequests, Double maxErrorRate, Double maxP99Millis,
			Double maxP50Millis, Double maxLatencyRatio, Double maxDisagreement, Integer failureLimit) {
		this(intervalSeconds, minRequests, maxErrorRate, maxP99Millis, maxP50Millis, maxLatencyRatio, maxDisagreement,
				failureLimit, null);
	}

	/** Defaults for what a plan leaves out. */
	public Gates {
		intervalSeconds = (intervalSeconds != null) ? intervalSeconds : 30;
		minRequests = (minRequests != null) ? minRequests : 20;
		failureLimit = (failureLimit != null) ? failureLimit : 0;
	}

	/** Whether the prediction-drift check is on. */
	public boolean checksPredictionDrift() {
		return Boolean.TRUE.equals(this.predictionDrift);
	}

	/** No thresholds: checks only count requests. */
	public static Gates none() {
		return new Gates(null, 0, null, null, null, null, null, null);
	}

}
