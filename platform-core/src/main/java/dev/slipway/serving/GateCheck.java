package dev.slipway.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.slipway.monitoring.FeatureDrift;
import dev.slipway.monitoring.Verdict;

/**
 * One reading of a rollout's gates: the candidate's and the stable version's requests
 * since the step began, each threshold's verdict, and the result.
 *
 * @param result whether the check passed, failed or could not tell yet
 * @param candidate the candidate's requests
 * @param stable the stable version's requests
 * @param failures what failed, in words; empty unless failed
 * @param message a one-line summary
 * @param drift the prediction-drift readings, or null when not checked
 */
record GateCheck(Result result, VersionStats candidate, VersionStats stable, List<String> failures, String message,
		Drift drift) {

	/**
	 * The prediction-drift readings of a check: each version's sampled predictions of the
	 * step against the monitor's reference.
	 */
	record Drift(long monitorId, FeatureDrift candidate, FeatureDrift stable) {

		Map<String, Object> details() {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("monitor_id", this.monitorId);
			details.put("candidate", reading(this.candidate));
			details.put("stable", reading(this.stable));
			return details;
		}

		private static Map<String, Object> reading(FeatureDrift drift) {
			Map<String, Object> reading = new LinkedHashMap<>();
			reading.put("method", drift.method());
			reading.put("score", Double.isNaN(drift.score()) ? null : drift.score());
			reading.put("threshold", drift.threshold());
			reading.put("verdict", drift.verdict().name());
			reading.put("sampled", drift.count());
			return reading;
		}

	}

	/**
	 * The fewest sampled candidate predictions the drift check judges on: fewer give
	 * distances too noisy to trust.
	 */
	static final int MIN_DRIFT_SAMPLE = 100;

	/** The outcome of a check. */
	enum Result {

		/** Every threshold held. */
		PASSED,

		/** A threshold was crossed. */
		FAILED,

		/** Too few candidate requests to judge. */
		INCONCLUSIVE

	}

	/**
	 * Reads the gates against the two versions' requests and, when the gates check
	 * prediction drift, against {@code drift} (null when the monitor cannot judge).
	 */
	static GateCheck of(Gates gates, VersionStats candidate, VersionStats stable, boolean shadow, Drift drift) {
		long seen = shadow ? Math.max(candidate.requests(), candidate.compared()) : candidate.requests();
		if (seen < gates.minRequests()) {
			return new GateCheck(Result.INCONCLUSIVE, candidate, stable, List.of(),
					"waiting for " + gates.minRequests() + " candidate requests (" + seen + " so far)", drift);
		}
		List<String> failures = new ArrayList<>();
		Double errorRate = candidate.errorRate();
		if (gates.maxErrorRate() != null && errorRate != null && errorRate > gates.maxErrorRate()) {
			failures.add(String.format("error rate %.2f%% above %.2f%%", errorRate * 100, gates.maxErrorRate() * 100));
		}
		if (gates.maxP99Millis() != null && candidate.p99Millis() != null
				&& candidate.p99Millis() > gates.maxP99Millis()) {
			failures
				.add(String.format("p99 latency %.1f ms above %.1f ms", candidate.p99Millis(), gates.maxP99Millis()));
		}
		if (gates.maxP50Millis() != null && candidate.p50Millis() != null
				&& candidate.p50Millis() > gates.maxP50Millis()) {
			failures
				.add(String.format("p50 latency %.1f ms above %.1f ms", candidate.p50Millis(), gates.maxP50Millis()));
		}
		if (gates.maxLatencyRatio() != null && candidate.p99Millis() != null && stable.p99Millis() != null
				&& stable.requests() >= Math.max(1, gates.minRequests())) {
			double ratio = candidate.p99Millis() / Math.max(stable.p99Millis(), 0.001);
			if (ratio > gates.maxLatencyRatio()) {
				failures.add(String.format("p99 latency %.2f times the stable version's, above %.2f", ratio,
						gates.maxLatencyRatio()));
			}
		}
		Double disagreement = candidate.disagreement();
		if (gates.maxDisagreement() != null && disagreement != null && disagreement > gates.maxDisagreement()) {
			failures.add(String.format("disagreement with the stable version %.2f%% above %.2f%%", disagreement * 100,
					gates.maxDisagreement() * 100));
		}
		boolean driftWaits = false;
		if (gates.checksPredictionDrift()) {
			long sampled = (drift != null) ? drift.candidate().count() : 0;
			driftWaits = drift != null && sampled > 0 && sampled < MIN_DRIFT_SAMPLE;
			String driftFailure = driftWaits ? null : driftFailure(drift);
			if (driftFailure != null) {
				failures.add(driftFailure);
			}
		}
		if (!failures.isEmpty()) {
			return new GateCheck(Result.FAILED, candidate, stable, List.copyOf(failures), String.join("; ", failures),
					drift);
		}
		if (driftWaits) {
			return new GateCheck(Result.INCONCLUSIVE, candidate, stable, List.of(), "waiting for " + MIN_DRIFT_SAMPLE
					+ " sampled candidate predictions for the drift check (" + drift.candidate().count() + " so far)",
					drift);
		}
		return new GateCheck(Result.PASSED, candidate, stable, List.of(), "checks passed", drift);
	}

	/** What is wrong with the candidate's predictions, or null. */
	private static String driftFailure(Drift drift) {
		if (drift == null) {
			return "prediction drift cannot be judged: the monitor is gone or has no reference for its prediction "
					+ "column";
		}
		FeatureDrift mine = drift.candidate();
		if (mine.verdict() == Verdict.NO_DATA) {
			return "no prediction of the candidate could be read for the drift check (only single numbers, text "
					+ "and booleans are sampled)";
		}
		if (mine.verdict() == Verdict.DRIFT && drift.stable().verdict() != Verdict.DRIFT) {
			return String.format(Locale.ROOT,
					"predictions drift from monitor %d's reference (%s %.4g, drift threshold %.4g) while the "
							+ "stable version's do not (%s)",
					drift.monitorId(), mine.method(), mine.score(), mine.threshold(),
					(drift.stable().verdict() == Verdict.NO_DATA) ? "no data"
							: String.format(Locale.ROOT, "%.4g", drift.stable().score()));
		}
		return null;
	}

	/** The readings as JSON for the history. */
	String details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("result", this.result.name());
		details.put("candidate", this.candidate);
		details.put("stable", this.stable);
		if (!this.failures.isEmpty()) {
			details.put("failures", this.failures);
		}
		if (this.drift != null) {
			details.put("prediction_drift", this.drift.details());
		}
		return DeploymentJson.write(details);
	}

}
