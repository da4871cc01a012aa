package dev.slipway.security;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.slipway.error.SlipwayException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may use an experiment or a registered model, kept the same way for both: users' own
 * permissions and the resource's default. A resource is named by its public key (an
 * experiment's id, a model's name); reading and changing its permissions needs MANAGE on
 * it, as the owning feature decides ({@link PermissionedResources}). Every change is
 * published as a {@link ResourcePermissionChanged}.
 */
@Service
@Transactional(readOnly = true)
public class ResourcePermissionService {

	private final PermissionService permissions;

	private final ResourceAccess access;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ResourcePermissionService(PermissionService permissions, ResourceAccess access, ApplicationEventPublisher events,
			Clock clock) {
		this.permissions = permissions;
		this.access = access;
		this.events = events;
		this.clock = clock;
	}

	/** Who has which permission on the resource, and what everyone else gets. */
	@PreAuthorize("@resourceAccess.allows(#type, #resource, 'MANAGE')")
	public ResourcePermissions permissions(ResourceType type, String resource) {
		long id = require(type, resource).id();
		Permission resourceDefault = this.permissions.resourceDefault(type, id);
		return new ResourcePermissions(resource, this.permissions.grants(type, id), resourceDefault,
				(resourceDefault != null) ? resourceDefault : this.permissions.serverDefault());
	}

	/** One user's own permission on the resource, if they have one. */
	@PreAuthorize("@resourceAccess.allows(#type, #resource, 'MANAGE')")
	public Optional<ResourceGrant> grantOf(ResourceType type, String resource, String username) {
		return this.permissions.grantOf(type, require(type, resource).id(), username);
	}

	/**
	 * What a user may do with the resource (their grant, else the defaults, capped by
	 * their role); NONE for a resource that does not exist, as MLflow's auth app answers.
	 * The user themselves and holders of MANAGE may ask.
	 */
	@PreAuthorize("@userAccess.isSelf(#username) or @resourceAccess.allows(#type, #resource, 'MANAGE')")
	public Permission permissionOf(ResourceType type, String resource, String username) {
		return this.access.of(type)
			.find(resource)
			.map((found) -> this.permissions.effectiveFor(username, type, found.id()))
			.orElse(Permission.NONE);
	}

	/** The caller's own effective permission on the resource. */
	@PreAuthorize("@resourceAccess.allows(#type, #resource, 'READ')")
	public Permission myPermission(ResourceType type, String resource) {
		return this.permissions.effective(CurrentUser.require(), type, require(type, resource).id());
	}

	/** Gives a user a permission on the resource, replacing their previous one. */
	@Transactional
	@PreAuthorize("@resourceAccess.allows(#type, #resource, 'MANAGE')")
	public void grant(ResourceType type, String resource, String username, Permission permission) {
		if (permission == null) {
			throw SlipwayException.invalidArgument("permission", "is required");
		}
		PermissionedResources.Resource found = require(type, resource);
		Permission before = ownPermission(type, found, username);
		this.permissions.grant(type, found.id(), username, permission);
		publish(type, found, state("user", username, "permission", before),
				state("user", username, "permission", permission));
	}

	/** Removes a user's own permission on the resource; the defaults apply again. */
	@Transactional
	@PreAuthorize("@resourceAccess.allows(#type, #resource, 'MANAGE')")
	public void revoke(ResourceType type, String resource, String username) {
		PermissionedResources.Resource found = require(type, resource);
		Permission before = ownPermission(type, found, username);
		this.permissions.revoke(type, found.id(), username);
		publish(type, found, state("user", username, "permission", before),
				state("user", username, "permission", null));
	}

	/**
	 * Sets what users without a grant get on the resource; null returns to the server
	 * default.
	 */
	@Transactional
	@PreAuthorize("@resourceAccess.allows(#type, #resource, 'MANAGE')")
	public void setDefaultPermission(ResourceType type, String resource, Permission permission) {
		PermissionedResources.Resource found = require(type, resource);
		Permission before = this.permissions.resourceDefault(type, found.id());
		this.permissions.setResourceDefault(type, found.id(), permission);
		publish(type, found, state("default", before), state("default", permission));
	}

	private PermissionedResources.Resource require(ResourceType type, String resource) {
		return this.access.of(type).require(resource);
	}

	private Permission ownPermission(ResourceType type, PermissionedResources.Resource resource, String username) {
		return this.permissions.grantOf(type, resource.id(), username).map(ResourceGrant::permission).orElse(null);
	}

	private void publish(ResourceType type, PermissionedResources.Resource resource, Map<String, Object> before,
			Map<String, Object> after) {
		String actor = CurrentUser.find().map(SlipwayPrincipal::username).orElse("system");
		this.events.publishEvent(new ResourcePermissionChanged(type, resource.id(), resource.name(),
				this.clock.millis(), actor, before, after));
	}

	private static Map<String, Object> state(Object... keysAndValues) {
		Map<String, Object> state = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			Object value = keysAndValues[i + 1];
			state.put((String) keysAndValues[i], (value instanceof Permission permission) ? permission.name() : value);
		}
		return state;
	}

}
