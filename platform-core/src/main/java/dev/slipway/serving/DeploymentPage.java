package dev.slipway.serving;

import java.util.List;

/**
 * What a deployment's page shows, read at once.
 *
 * @param deployment the deployment
 * @param traffic both versions' requests since the step began, and the last hour per
 * bucket
 * @param history the newest changes first
 * @param canEdit whether the caller may promote, pause, resume, abort and roll back
 */
public record DeploymentPage(Deployment deployment, DeploymentTraffic traffic, List<DeploymentChange> history,
		boolean canEdit) {
}
