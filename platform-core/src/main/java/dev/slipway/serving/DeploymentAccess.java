package dev.slipway.serving;

import java.util.Optional;

import dev.slipway.registry.RegistryAccess;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.SlipwayPrincipal;

import org.springframework.stereotype.Component;

/**
 * Who may do what with a deployment, for the {@code @PreAuthorize} expressions of
 * {@link DeploymentService}: a deployment takes its registered model's permission (READ
 * to look and predict, EDIT to change it and roll out, MANAGE to delete it). An unknown
 * deployment is let through for a signed-in caller, so the service answers NOT_FOUND. An
 * invoke-only token may READ its own deployment and nothing else.
 */
@Component("deploymentAccess")
public class DeploymentAccess {

	private final DeploymentRepository deployments;

	private final RegistryAccess registry;

	DeploymentAccess(DeploymentRepository deployments, RegistryAccess registry) {
		this.deployments = deployments;
		this.registry = registry;
	}

	/** Whether the caller has {@code needed} on the deployment's model. */
	public boolean deployment(String name, String needed) {
		Optional<SlipwayPrincipal> caller = CurrentUser.find();
		if (caller.isEmpty()) {
			return false;
		}
		Optional<DeploymentEntity> deployment = this.deployments.findByName(name);
		if (caller.get().isInvokeOnly()) {
			return deployment.isPresent() && invokes(caller.get(), deployment.get().id(), needed)
					&& this.registry.modelById(deployment.get().modelId(), needed);
		}
		return deployment.isEmpty() || this.registry.modelById(deployment.get().modelId(), needed);
	}

	/** Whether the caller has {@code needed} on the deployment with this id's model. */
	public boolean deploymentById(long id, String needed) {
		Optional<SlipwayPrincipal> caller = CurrentUser.find();
		if (caller.isEmpty() || (caller.get().isInvokeOnly() && !invokes(caller.get(), id, needed))) {
			return false;
		}
		Optional<DeploymentEntity> deployment = this.deployments.findById(id);
		return deployment.isEmpty() || this.registry.modelById(deployment.get().modelId(), needed);
	}

	/** Whether the caller has {@code needed} on the model with this name. */
	public boolean model(String modelName, String needed) {
		return CurrentUser.find().filter((caller) -> !caller.isInvokeOnly()).isPresent()
				&& this.registry.model(modelName, needed);
	}

	/** Whether an invoke-only caller may have {@code needed} on this deployment. */
	private static boolean invokes(SlipwayPrincipal caller, long deploymentId, String needed) {
		return "READ".equals(needed) && caller.invokeDeploymentId() == deploymentId;
	}

}
