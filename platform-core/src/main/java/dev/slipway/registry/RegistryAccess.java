package dev.slipway.registry;

import java.util.Optional;

import dev.slipway.security.CurrentUser;
import dev.slipway.security.Permission;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may do what in the model registry, for the {@code @PreAuthorize} expressions on the
 * registry services. A registered model carries its own permissions (READ, EDIT, MANAGE);
 * everything in it takes the model's permission. A reference to a model that does not
 * exist is let through, so the service answers NOT_FOUND.
 */
@Component("registryAccess")
public class RegistryAccess {

	private final PermissionService permissions;

	private final JdbcClient jdbc;

	RegistryAccess(PermissionService permissions, JdbcClient jdbc) {
		this.permissions = permissions;
		this.jdbc = jdbc;
	}

	/** Whether the caller may create registered models (EDITOR and up). */
	public boolean canCreate() {
		return hasRole(Role.EDITOR);
	}

	/** Whether the caller holds at least {@code role}. */
	public boolean hasRole(Role role) {
		return CurrentUser.find().map((principal) -> principal.role().includes(role)).orElse(false);
	}

	/** Whether the caller has {@code needed} on the model with this name. */
	public boolean model(String name, String needed) {
		Optional<Long> id = modelId(name);
		return id.isEmpty()
				|| this.permissions.allows(ResourceType.REGISTERED_MODEL, id.get(), Permission.valueOf(needed));
	}

	/** Whether the caller has {@code needed} on the model with this surrogate key. */
	public boolean modelById(long modelId, String needed) {
		return this.permissions.allows(ResourceType.REGISTERED_MODEL, modelId, Permission.valueOf(needed));
	}

	/**
	 * Whether the caller has {@code needed} on the model a transition request is about.
	 */
	public boolean request(long requestId, String needed) {
		Optional<Long> id = this.jdbc.sql("SELECT model_id FROM transition_requests WHERE id = ?")
			.param(requestId)
			.query(Long.class)
			.optional();
		return id.isEmpty() || modelById(id.get(), needed);
	}

	/**
	 * Whether the caller may decide transition requests on the model: MAINTAINER and
	 * READ.
	 */
	public boolean canDecide(long requestId) {
		return hasRole(Role.MAINTAINER) && request(requestId, "READ");
	}

	Optional<Long> modelId(String name) {
		if (name == null) {
			return Optional.empty();
		}
		return this.jdbc.sql("SELECT id FROM registered_models WHERE name = ?")
			.param(name)
			.query(Long.class)
			.optional();
	}

}
