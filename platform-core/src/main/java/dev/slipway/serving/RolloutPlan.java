package dev.slipway.serving;

import java.util.List;

/**
 * How a candidate version is rolled out.
 *
 * @param strategy canary, A/B, shadow or blue-green
 * @param steps for canary: the steps in order; blue-green and shadow get theirs from
 * {@code previewSeconds}; A/B has none
 * @param split for A/B: the candidate's share of traffic in percent
 * @param stickyHeader for A/B (and canary): the request header whose value keeps a caller
 * on one version; requests without it are split at random
 * @param mirrorPercent for shadow: the share of requests also sent to the candidate
 * @param previewSeconds for blue-green: how long the candidate is checked with no traffic
 * (null waits for a person to promote); for shadow: how long mirroring runs before the
 * candidate is promoted when every check passed (null waits for a person)
 * @param gates the checks, or null for none
 */
public record RolloutPlan(Strategy strategy, List<Step> steps, Double split, String stickyHeader, Double mirrorPercent,
		Long previewSeconds, Gates gates) {

	public RolloutPlan {
		steps = (steps != null) ? List.copyOf(steps) : List.of();
		gates = (gates != null) ? gates : Gates.none();
	}

	/**
	 * One canary step.
	 *
	 * @param weight the candidate's share of traffic in percent
	 * @param pauseSeconds how long the step is held (its checks passing) before the next,
	 * or null to hold it until a person resumes or promotes
	 */
	public record Step(double weight, Long pauseSeconds) {
	}

	/**
	 * The steps the rollout walks, whatever its strategy: a canary's own steps, A/B's one
	 * split, shadow's preview, blue-green's preview and switch.
	 */
	public List<Step> effectiveSteps() {
		return RolloutPlans.steps(this);
	}

}
