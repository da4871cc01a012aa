package dev.slipway.serving;

import java.time.Clock;
import java.util.List;

import dev.slipway.registry.ModelDirectory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes what happened to a deployment: a row of its history and a
 * {@link DeploymentEvent} (audit trail, webhooks), in the transaction of the change.
 */
@Component
class DeploymentRecorder {

	/** The actor of what the rollout engine decides alone. */
	static final String ENGINE = "slipway";

	private final DeploymentChanges changes;

	private final DeploymentRepository deployments;

	private final ModelDirectory models;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	DeploymentRecorder(DeploymentChanges changes, DeploymentRepository deployments, ModelDirectory models,
			ApplicationEventPublisher events, Clock clock) {
		this.changes = changes;
		this.deployments = deployments;
		this.models = models;
		this.events = events;
		this.clock = clock;
	}

	/** Records a change made in the current transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	void record(DeploymentEntity deployment, String actor, String action, String reason, String details) {
		long now = this.clock.millis();
		this.changes.append(deployment, now, actor, action, reason, details);
		String model = this.models.names(List.of(deployment.modelId())).get(deployment.modelId());
		this.events.publishEvent(new DeploymentEvent(action, now, actor, deployment.id(), deployment.name(),
				deployment.modelId(), model, deployment.stableVersion(), deployment.candidateVersion(),
				deployment.weight() / 100.0, deployment.phase(), reason));
	}

	/** Records a note about a deployment in a transaction of its own. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	void note(long deploymentId, String actor, String action, String reason) {
		this.deployments.findById(deploymentId)
			.ifPresent((deployment) -> record(deployment, actor, action, reason, null));
	}

}
