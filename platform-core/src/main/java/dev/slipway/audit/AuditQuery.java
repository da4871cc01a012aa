package dev.slipway.audit;

import dev.slipway.security.ResourceType;

/**
 * Which audit events to read; every field is optional (null means any).
 *
 * @param resourceType the kind of resource, such as {@code REGISTERED_MODEL}
 * @param resourceId the resource's surrogate key (all its names over time)
 * @param resourceName the resource's name at the time of the event
 * @param version the model version the event is about (with a model's id), or null
 * @param actor who did it
 * @param action the action, such as {@code model_version.stage_transitioned}
 * @param from the earliest time, epoch milliseconds, inclusive
 * @param to the latest time, epoch milliseconds, exclusive
 */
public record AuditQuery(String resourceType, Long resourceId, String resourceName, Integer version, String actor,
		String action, Long from, Long to) {

	/** Every event. */
	public static AuditQuery all() {
		return new AuditQuery(null, null, null, null, null, null, null, null);
	}

	/** The events of one resource, under every name it had. */
	public static AuditQuery resource(ResourceType type, long resourceId) {
		return new AuditQuery(type.name(), resourceId, null, null, null, null, null, null);
	}

	/**
	 * The events of one version of a resource (a model version), under every name the
	 * resource had, filtered in SQL however many events its other versions have.
	 */
	public static AuditQuery version(ResourceType type, long resourceId, int version) {
		return new AuditQuery(type.name(), resourceId, null, version, null, null, null, null);
	}

}
