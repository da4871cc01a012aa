package dev.slipway.security;

/**
 * A permission one user holds on one resource.
 *
 * @param resourceType the kind of resource
 * @param resourceId the resource's surrogate key
 * @param permission what the user may do with it
 */
public record UserGrant(ResourceType resourceType, long resourceId, Permission permission) {
}
