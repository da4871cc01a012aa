package dev.slipway.audit;

import java.util.Map;

/**
 * One audit record to write.
 *
 * @param occurredAt epoch milliseconds
 * @param actor who did it
 * @param action what was done, such as {@code model_version.stage_transitioned}
 * @param resourceType the kind of resource, such as {@code REGISTERED_MODEL}
 * @param resourceId the resource's surrogate key, or null
 * @param resourceName the resource's name at the time, or null
 * @param version the model version involved, or null
 * @param before the relevant state before the change
 * @param after the relevant state after the change
 * @param requestId the transition request involved, or null
 * @param reason the comment or reason given, or null
 */
public record AuditEntry(long occurredAt, String actor, String action, String resourceType, Long resourceId,
		String resourceName, Integer version, Map<String, Object> before, Map<String, Object> after, Long requestId,
		String reason) {
}
