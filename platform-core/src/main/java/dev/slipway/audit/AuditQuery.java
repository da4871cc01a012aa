package dev.slipway.audit;

import dev.slipway.security.ResourceType;

/**
 * Which audit events to read; every field is optional (null means any).
 *
 * @param resourceType the kind of resource, such as {@code REGISTERED_MODEL}
 * @param resourceId the resource's surrogate key (all its names over time)
 * @param resourceName the resource's name at the time of the event
 * @param actor who did it
 * @param action the action, such as {@code model_version.stage_transitioned}
 * @param from the earliest time, epoch milliseconds, inclusive
 * @param to the latest time, epoch milliseconds, exclusive
 */
public record AuditQuery(String resourceType, Long resourceId, String resourceName, String actor, String action,
		Long from, Long to) {

	/** Every event. */
	public static AuditQuery all() {
		return new AuditQuery(null, null, null, null, null, null, null);
	}

	/** The events of one resource, under every name it had. */
	public static AuditQuery resource(ResourceType type, long resourceId) {
		return new AuditQuery(type.name(), resourceId, null, null, null, null, null);
	}

}
