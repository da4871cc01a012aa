package dev.slipway.security;

import java.util.Optional;

import dev.slipway.error.SlipwayException;

/**
 * One kind of resource that carries per-user permissions, as the feature owning it
 * answers: how a public key (an experiment's id, a model's name) finds the resource, and
 * who may read or manage it. {@link ResourcePermissionService} keeps the permissions of
 * every kind the same way through it.
 */
public interface PermissionedResources {

	/** The kind of resource. */
	ResourceType type();

	/**
	 * The resource with this public key, if there is one.
	 * @throws SlipwayException INVALID_ARGUMENT for a key that can name nothing (empty)
	 */
	Optional<Resource> find(String key);

	/**
	 * The resource with this public key.
	 * @throws SlipwayException NOT_FOUND, in the feature's words, when there is none
	 */
	Resource require(String key);

	/**
	 * Whether the caller has {@code needed} on the resource; a key that names nothing is
	 * let through, so the service answers NOT_FOUND.
	 */
	boolean allows(String key, Permission needed);

	/**
	 * A resource found by its key.
	 *
	 * @param id the surrogate key permissions are kept under
	 * @param name its name, for people and the audit trail
	 */
	record Resource(long id, String name) {
	}

}
