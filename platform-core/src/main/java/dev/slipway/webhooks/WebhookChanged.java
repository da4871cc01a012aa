package dev.slipway.webhooks;

import java.util.Map;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.Auditable;

/**
 * A webhook was created, changed or deleted; published in the transaction of the change
 * so the audit trail records it there. The states never hold the secret.
 *
 * @param occurredAt epoch milliseconds
 * @param actor who did it
 * @param action {@code webhook.created}, {@code webhook.updated} or
 * {@code webhook.deleted}
 * @param webhookId the webhook
 * @param webhookName the webhook's name
 * @param modelId the registered model it follows, or null for an every-model webhook
 * @param modelName that model's name, or null
 * @param before the state before, empty for a creation
 * @param after the state after, empty for a deletion
 */
record WebhookChanged(long occurredAt, String actor, String action, long webhookId, String webhookName, Long modelId,
		String modelName, Map<String, Object> before, Map<String, Object> after) implements Auditable {

	/** The resource type of webhook audit records. */
	static final String RESOURCE_TYPE = "WEBHOOK";

	/**
	 * A model's webhook is recorded under the model, so it shows in the model's trail to
	 * those who can read it; an every-model webhook under itself, for admins.
	 */
	@Override
	public AuditEntry auditEntry() {
		if (this.modelId != null) {
			return new AuditEntry(this.occurredAt, this.actor, this.action, "REGISTERED_MODEL", this.modelId,
					this.modelName, null, this.before, this.after, null, null);
		}
		return new AuditEntry(this.occurredAt, this.actor, this.action, RESOURCE_TYPE, this.webhookId, this.webhookName,
				null, this.before, this.after, null, null);
	}

}
