package dev.slipway.security;

import java.time.Clock;
import java.util.List;

import dev.slipway.error.SlipwayException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-resource permissions: what the caller may do with one experiment or registered
 * model. Features check through it in their own access beans ({@code trackingAccess}); it
 * never decides whether a resource exists.
 *
 * <p>
 * The effective permission is, in order: MANAGE for admins; the user's own grant; the
 * resource's default; the server-wide default. A VIEWER never gets more than READ
 * whatever the grants say, so a role caps permissions and grants never widen a role.
 */
@Service
@Transactional(readOnly = true)
public class PermissionService {

	private final PermissionRepository permissions;

	private final UserRepository users;

	private final SecuritySettings settings;

	private final Clock clock;

	PermissionService(PermissionRepository permissions, UserRepository users, SecuritySettings settings, Clock clock) {
		this.permissions = permissions;
		this.users = users;
		this.settings = settings;
		this.clock = clock;
	}

	/** What {@code principal} may do with the resource, role cap applied. */
	public Permission effective(SlipwayPrincipal principal, ResourceType type, long resourceId) {
		Permission permission = unscoped(principal, type, resourceId);
		// A scoped token (a pipeline step's) writes only in its own experiment.
		if (principal.scopeExperimentId() != null && type == ResourceType.EXPERIMENT
				&& resourceId != principal.scopeExperimentId() && permission.includes(Permission.EDIT)) {
			return Permission.READ;
		}
		return permission;
	}

	private Permission unscoped(SlipwayPrincipal principal, ResourceType type, long resourceId) {
		if (principal.isAdmin()) {
			return Permission.MANAGE;
		}
		PermissionRepository.Grants grants = this.permissions.grants(type, resourceId, principal.userId());
		Permission granted = (grants.user() != null) ? grants.user()
				: (grants.resourceDefault() != null) ? grants.resourceDefault() : this.settings.defaultPermission();
		return capped(principal.role(), granted);
	}

	/**
	 * What the named user may do with the resource, role cap applied.
	 * @throws SlipwayException NOT_FOUND for an unknown user
	 */
	public Permission effectiveFor(String username, ResourceType type, long resourceId) {
		UserRepository.UserRow user = this.users.require(username);
		return effective(user.toPrincipal("lookup"), type, resourceId);
	}

	/** Whether the current caller has at least {@code needed} on the resource. */
	public boolean allows(ResourceType type, long resourceId, Permission needed) {
		return CurrentUser.find()
			.map((principal) -> effective(principal, type, resourceId).includes(needed))
			.orElse(false);
	}

	/**
	 * How searches keep to what the caller may read.
	 * @return the visibility of the current caller
	 */
	public Visibility visibility() {
		SlipwayPrincipal principal = CurrentUser.require();
		return new Visibility(principal.isAdmin(), principal.userId(), this.settings.defaultPermission());
	}

	/** The explicit grants on a resource, by user name. */
	public List<ResourceGrant> grants(ResourceType type, long resourceId) {
		return this.permissions.list(type, resourceId);
	}

	/** One user's own grant on a resource, if they have one. */
	public java.util.Optional<ResourceGrant> grantOf(ResourceType type, long resourceId, String username) {
		String name = Usernames.normalize(username);
		return this.permissions.list(type, resourceId).stream().filter((g) -> g.username().equals(name)).findFirst();
	}

	/**
	 * Every grant a user holds (at most 1,000); admins read anyone's, others their own.
	 */
	@org.springframework.security.access.prepost.PreAuthorize("hasRole('ADMIN') or @userAccess.isSelf(#username)")
	public List<UserGrant> grantsOf(String username) {
		UserRepository.UserRow user = this.users.require(username);
		return this.permissions.byUser(user.id(), 1000);
	}

	/** The resource's own default for users without a grant, or null for the server's. */
	public Permission resourceDefault(ResourceType type, long resourceId) {
		return this.permissions.resourceDefault(type, resourceId);
	}

	/** The server-wide default permission. */
	public Permission serverDefault() {
		return this.settings.defaultPermission();
	}

	/**
	 * Grants (or replaces) a user's permission on a resource. The caller's right to do so
	 * is checked by the feature that owns the resource.
	 * @throws SlipwayException NOT_FOUND for an unknown user
	 */
	@Transactional
	public void grant(ResourceType type, long resourceId, String username, Permission permission) {
		UserRepository.UserRow user = this.users.require(username);
		this.permissions.put(type, resourceId, user.id(), permission, grantor(), this.clock.millis());
		SecurityEvents.log("permission.granted",
				"resource=" + type + ":" + resourceId + " user=" + user.username() + " permission=" + permission);
	}

	/**
	 * Gives the creator of a new resource MANAGE on it.
	 */
	@Transactional
	public void grantCreator(ResourceType type, long resourceId) {
		CurrentUser.find()
			.ifPresent((principal) -> this.permissions.put(type, resourceId, principal.userId(), Permission.MANAGE,
					principal.userId(), this.clock.millis()));
	}

	/**
	 * Removes a user's own grant, so the defaults apply to them again.
	 * @throws SlipwayException NOT_FOUND for an unknown user or no grant
	 */
	@Transactional
	public void revoke(ResourceType type, long resourceId, String username) {
		UserRepository.UserRow user = this.users.require(username);
		if (!this.permissions.delete(type, resourceId, user.id())) {
			throw new SlipwayException(dev.slipway.error.ErrorCode.NOT_FOUND,
					"User " + user.username() + " has no permission of their own on this " + type.name().toLowerCase());
		}
		SecurityEvents.log("permission.revoked", "resource=" + type + ":" + resourceId + " user=" + user.username());
	}

	/**
	 * Sets what everyone without a grant gets on this resource; null returns to the
	 * server-wide default.
	 */
	@Transactional
	public void setResourceDefault(ResourceType type, long resourceId, Permission permission) {
		this.permissions.putDefault(type, resourceId, permission, grantor(), this.clock.millis());
		SecurityEvents.log("permission.default", "resource=" + type + ":" + resourceId + " permission=" + permission);
	}

	/**
	 * Removes every grant on a resource and its default, for a resource that is being
	 * deleted; it joins the deleting transaction, so both go or neither does.
	 */
	@Transactional
	public void revokeAll(ResourceType type, long resourceId) {
		this.permissions.deleteAll(type, resourceId);
		SecurityEvents.log("permission.revoked_all", "resource=" + type + ":" + resourceId);
	}

	private static Long grantor() {
		return CurrentUser.find().map(SlipwayPrincipal::userId).orElse(null);
	}

	static Permission capped(Role role, Permission permission) {
		if (!role.includes(Role.EDITOR) && permission.includes(Permission.EDIT)) {
			return Permission.READ;
		}
		return permission;
	}

}
