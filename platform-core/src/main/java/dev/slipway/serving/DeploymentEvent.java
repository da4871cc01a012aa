package dev.slipway.serving;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.Auditable;

/**
 * A deployment changed. Published in the transaction of the change: the audit trail
 * records it there and webhooks subscribed to its model queue a delivery for the
 * subscribable kinds.
 *
 * @param type what happened, as the audit action and webhook event type
 * @param occurredAt epoch milliseconds
 * @param actor who did it
 * @param deploymentId the deployment's id
 * @param deploymentName its name
 * @param modelId the registered model's id
 * @param modelName the registered model's name
 * @param stableVersion the stable version after the change
 * @param candidateVersion the candidate after the change (or the one rolled back), or
 * null
 * @param candidateWeight the candidate's share after the change, in percent
 * @param phase the phase after the change
 * @param reason why, or null
 */
public record DeploymentEvent(String type, long occurredAt, String actor, long deploymentId, String deploymentName,
		long modelId, String modelName, int stableVersion, Integer candidateVersion, double candidateWeight,
		DeploymentPhase phase, String reason) implements Auditable {

	/** The resource type of deployment audit records. */
	public static final String RESOURCE_TYPE = "DEPLOYMENT";

	/** Event types webhooks may subscribe to. */
	public static final List<String> SUBSCRIBABLE = List.of("deployment.rollout_started", "deployment.promoted",
			"deployment.aborted", "deployment.rolled_back");

	@Override
	public AuditEntry auditEntry() {
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("model", this.modelName);
		after.put("stable_version", this.stableVersion);
		if (this.candidateVersion != null) {
			after.put("candidate_version", this.candidateVersion);
		}
		after.put("candidate_weight", this.candidateWeight);
		after.put("phase", this.phase.name());
		return new AuditEntry(this.occurredAt, this.actor, this.type, RESOURCE_TYPE, this.deploymentId,
				this.deploymentName, (this.candidateVersion != null) ? this.candidateVersion : this.stableVersion,
				Map.of(), after, null, this.reason);
	}

	/** Whether webhooks may subscribe to this kind. */
	public boolean subscribable() {
		return SUBSCRIBABLE.contains(this.type);
	}

}
