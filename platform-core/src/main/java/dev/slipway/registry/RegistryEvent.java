package dev.slipway.registry;

import java.util.Map;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.Auditable;

/**
 * A registry change, published inside the transaction that made it: the audit trail
 * records it in that transaction and webhooks queue their deliveries in it, so a change
 * and its record commit or roll back together.
 *
 * @param eventId a unique id (UUID), also the webhook delivery's event id
 * @param type what happened
 * @param occurredAt epoch milliseconds
 * @param actor the user name of who did it
 * @param modelId the registered model's surrogate key
 * @param modelName the registered model's name at the time
 * @param version the version number, or null for model-level events
 * @param before the state before (only the fields that matter), empty for creations
 * @param after the state after, empty for deletions
 * @param requestId the transition request involved, or null
 * @param reason a comment or reason given with the change, or null
 */
public record RegistryEvent(String eventId, RegistryEventType type, long occurredAt, String actor, long modelId,
		String modelName, Integer version, Map<String, Object> before, Map<String, Object> after, Long requestId,
		String reason) implements Auditable {

	/** The resource type audit records of the registry carry. */
	public static final String RESOURCE_TYPE = "REGISTERED_MODEL";

	@Override
	public AuditEntry auditEntry() {
		return new AuditEntry(this.occurredAt, this.actor, this.type.wireName(), RESOURCE_TYPE, this.modelId,
				this.modelName, this.version, this.before, this.after, this.requestId, this.reason);
	}

}
