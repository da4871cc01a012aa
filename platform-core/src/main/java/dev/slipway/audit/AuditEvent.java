package dev.slipway.audit;

/**
 * One recorded audit event, as read back.
 *
 * @param id the record id, increasing in the order of recording
 * @param occurredAt epoch milliseconds
 * @param actor who did it
 * @param action what was done
 * @param resourceType the kind of resource
 * @param resourceId the resource's surrogate key, or null
 * @param resourceName the resource's name at the time, or null
 * @param version the model version involved, or null
 * @param before the state before, as a JSON object text
 * @param after the state after, as a JSON object text
 * @param requestId the transition request involved, or null
 * @param reason the comment or reason given, or null
 */
public record AuditEvent(long id, long occurredAt, String actor, String action, String resourceType, Long resourceId,
		String resourceName, Integer version, String before, String after, Long requestId, String reason) {
}
