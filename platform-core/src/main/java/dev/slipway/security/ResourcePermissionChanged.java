package dev.slipway.security;

import java.util.Map;

/**
 * A user's permission on a resource, or the resource's default, changed; published in the
 * transaction of the change, so a feature that records it (the registry's audit trail)
 * records it there.
 *
 * @param type the kind of resource
 * @param resourceId its surrogate key
 * @param resourceName its name
 * @param occurredAt epoch milliseconds
 * @param actor who changed it
 * @param before {@code user} and {@code permission}, or {@code default}, before
 * @param after the same after
 */
public record ResourcePermissionChanged(ResourceType type, long resourceId, String resourceName, long occurredAt,
		String actor, Map<String, Object> before, Map<String, Object> after) {
}
