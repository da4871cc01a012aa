package dev.slipway.serving;

/**
 * Whether a deployment answers on this replica.
 *
 * @param name the deployment
 * @param model the registered model
 * @param stableVersion the stable version
 * @param ready whether the stable version is loaded and warmed up (and the candidate,
 * when it takes traffic)
 * @param candidateVersion the candidate, or null
 * @param candidateReady whether the candidate is loaded, false without one
 * @param problem why it is not ready, or null
 * @param signature the stable version's signature
 */
public record DeploymentStatus(String name, String model, int stableVersion, boolean ready, Integer candidateVersion,
		boolean candidateReady, String problem, ModelSignature signature) {
}
