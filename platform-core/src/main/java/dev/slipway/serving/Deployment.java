package dev.slipway.serving;

/**
 * A deployment as callers see it.
 *
 * @param id the surrogate key
 * @param name the endpoint name ({@code /serve/{name}/invocations})
 * @param description the description, or null
 * @param model the registered model whose versions it serves
 * @param stableVersion the version serving all traffic but the candidate's share
 * @param stableBackend how the stable version runs
 * @param candidateVersion the version being rolled out (or kept after an abort), or null
 * @param candidateBackend how the candidate runs, or null
 * @param previousVersion the version stable before the last promotion, or null
 * @param plan the rollout plan, or null when none was started
 * @param options monitoring and promotion options
 * @param phase where the rollout stands
 * @param stepIndex the canary step under way, from 0
 * @param candidateWeight the candidate's share of traffic in percent
 * @param stepStartedAt when the current step began (epoch milliseconds), or null
 * @param failedChecks failed gate checks in this rollout
 * @param lastCheckedAt when the gates were last read, or null
 * @param message what the last change or check said, or null
 * @param rolloutBy who started the rollout (automatic promotions act as them), or null
 * @param createdBy who created the deployment
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 * @param revision increases with every change
 */
public record Deployment(long id, String name, String description, String model, int stableVersion,
		Backend stableBackend, Integer candidateVersion, Backend candidateBackend, Integer previousVersion,
		RolloutPlan plan, DeploymentOptions options, DeploymentPhase phase, int stepIndex, double candidateWeight,
		Long stepStartedAt, int failedChecks, Long lastCheckedAt, String message, String rolloutBy, String createdBy,
		long createdAt, long updatedAt, long revision) {

	/** The strategy of the current or last rollout, or null. */
	public Strategy strategy() {
		return (this.plan != null) ? this.plan.strategy() : null;
	}

}
