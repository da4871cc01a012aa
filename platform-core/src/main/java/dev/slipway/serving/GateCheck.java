package dev.slipway.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of a rollout's gates: the candidate's and the stable version's requests
 * since the step began, each threshold's verdict, and the result.
 *
 * @param result whether the check passed, failed or could not tell yet
 * @param candidate the candidate's requests
 * @param stable the stable version's requests
 * @param failures what failed, in words; empty unless failed
 * @param message a one-line summary
 */
record GateCheck(Result result, VersionStats candidate, VersionStats stable, List<String> failures, String message) {

	/** The outcome of a check. */
	enum Result {

		/** Every threshold held. */
		PASSED,

		/** A threshold was crossed. */
		FAILED,

		/** Too few candidate requests to judge. */
		INCONCLUSIVE

	}

	/** Reads the gates against the two versions' requests. */
	static GateCheck of(Gates gates, VersionStats candidate, VersionStats stable, boolean shadow) {
		long seen = shadow ? Math.max(candidate.requests(), candidate.compared()) : candidate.requests();
		if (seen < gates.minRequests()) {
			return new GateCheck(Result.INCONCLUSIVE, candidate, stable, List.of(),
					"waiting for " + gates.minRequests() + " candidate requests (" + seen + " so far)");
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
		if (!failures.isEmpty()) {
			return new GateCheck(Result.FAILED, candidate, stable, List.copyOf(failures), String.join("; ", failures));
		}
		return new GateCheck(Result.PASSED, candidate, stable, List.of(), "checks passed");
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
		return DeploymentJson.write(details);
	}

}
