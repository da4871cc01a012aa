package dev.slipway.serving;

/**
 * One recorded change of a deployment.
 *
 * @param id increasing in the order of recording
 * @param occurredAt epoch milliseconds
 * @param actor who made it ({@code slipway} for the rollout engine acting alone)
 * @param action what happened ({@code deployment.promoted}, ...)
 * @param phase the phase after it
 * @param stableVersion the stable version after it
 * @param candidateVersion the candidate after it, or null
 * @param candidateWeight the candidate's share of traffic after it, in percent
 * @param reason why, or null
 * @param details the gate readings behind an automatic decision as JSON, or null
 */
public record DeploymentChange(long id, long occurredAt, String actor, String action, DeploymentPhase phase,
		int stableVersion, Integer candidateVersion, double candidateWeight, String reason, String details) {
}
