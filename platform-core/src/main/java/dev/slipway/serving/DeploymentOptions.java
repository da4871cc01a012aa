package dev.slipway.serving;

/**
 * What a deployment does besides routing.
 *
 * @param monitorId the monitor that receives every prediction (features, prediction,
 * prediction id, time), or null
 * @param promoteAlias the registry alias moved to a candidate when it is promoted, or
 * null
 * @param promoteStage the registry stage a promoted candidate is moved to, or null
 */
public record DeploymentOptions(Long monitorId, String promoteAlias, String promoteStage) {

	/** Nothing besides routing. */
	public static DeploymentOptions none() {
		return new DeploymentOptions(null, null, null);
	}

}
