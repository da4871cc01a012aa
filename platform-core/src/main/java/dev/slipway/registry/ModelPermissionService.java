package dev.slipway.registry;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.Permission;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceGrant;
import dev.slipway.security.ResourceType;
import dev.slipway.security.SlipwayPrincipal;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may use a registered model: its users' own permissions and its default, as
 * {@code ExperimentService} keeps them for experiments. Reading and changing them needs
 * MANAGE on the model; every change leaves an audit record
 * ({@link RegistryEventType#PERMISSION_CHANGED}).
 */
@Service
@Transactional(readOnly = true)
public class ModelPermissionService {

	private final PermissionService permissions;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ModelPermissionService(PermissionService permissions, JdbcClient jdbc, ApplicationEventPublisher events,
			Clock clock) {
		this.permissions = permissions;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/** Who has which permission on the model, and what everyone else gets. */
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public ModelPermissions permissions(String name) {
		long id = require(name).id();
		Permission modelDefault = this.permissions.resourceDefault(ResourceType.REGISTERED_MODEL, id);
		return new ModelPermissions(name, this.permissions.grants(ResourceType.REGISTERED_MODEL, id), modelDefault,
				(modelDefault != null) ? modelDefault : this.permissions.serverDefault());
	}

	/** One user's own permission on the model, if they have one. */
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public Optional<ResourceGrant> grantOf(String name, String username) {
		return this.permissions.grantOf(ResourceType.REGISTERED_MODEL, require(name).id(), username);
	}

	/**
	 * What a user may do with the model (their grant, else the defaults, capped by their
	 * role); NONE for a model that does not exist, as MLflow's auth app answers. The user
	 * themselves and holders of MANAGE may ask.
	 */
	@PreAuthorize("@userAccess.isSelf(#username) or @registryAccess.model(#name, 'MANAGE')")
	public Permission permissionOf(String name, String username) {
		Optional<ModelRef> model = find(name);
		if (model.isEmpty()) {
			return Permission.NONE;
		}
		return this.permissions.effectiveFor(username, ResourceType.REGISTERED_MODEL, model.get().id());
	}

	/** The caller's own effective permission on the model. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public Permission myPermission(String name) {
		return this.permissions.effective(CurrentUser.require(), ResourceType.REGISTERED_MODEL, require(name).id());
	}

	/** Gives a user a permission on the model, replacing their previous one. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public void grant(String name, String username, Permission permission) {
		if (permission == null) {
			throw SlipwayException.invalidArgument("permission", "is required");
		}
		ModelRef model = require(name);
		Permission before = ownPermission(model, username);
		this.permissions.grant(ResourceType.REGISTERED_MODEL, model.id(), username, permission);
		publish(model, state("user", username, "permission", before),
				state("user", username, "permission", permission));
	}

	/** Removes a user's own permission on the model; the defaults apply again. */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public void revoke(String name, String username) {
		ModelRef model = require(name);
		Permission before = ownPermission(model, username);
		this.permissions.revoke(ResourceType.REGISTERED_MODEL, model.id(), username);
		publish(model, state("user", username, "permission", before), state("user", username, "permission", null));
	}

	/**
	 * Sets what users without a grant get on the model; null returns to the server
	 * default.
	 */
	@Transactional
	@PreAuthorize("@registryAccess.model(#name, 'MANAGE')")
	public void setDefaultPermission(String name, Permission permission) {
		ModelRef model = require(name);
		Permission before = this.permissions.resourceDefault(ResourceType.REGISTERED_MODEL, model.id());
		this.permissions.setResourceDefault(ResourceType.REGISTERED_MODEL, model.id(), permission);
		publish(model, state("default", before), state("default", permission));
	}

	private Permission ownPermission(ModelRef model, String username) {
		return this.permissions.grantOf(ResourceType.REGISTERED_MODEL, model.id(), username)
			.map(ResourceGrant::permission)
			.orElse(null);
	}

	private void publish(ModelRef model, Map<String, Object> before, Map<String, Object> after) {
		String actor = CurrentUser.find().map(SlipwayPrincipal::username).orElse("system");
		this.events.publishEvent(new RegistryEvent(UUID.randomUUID().toString(), RegistryEventType.PERMISSION_CHANGED,
				this.clock.millis(), actor, model.id(), model.name(), null, before, after, null, null));
	}

	private static Map<String, Object> state(Object... keysAndValues) {
		Map<String, Object> state = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			Object value = keysAndValues[i + 1];
			state.put((String) keysAndValues[i], (value instanceof Permission permission) ? permission.name() : value);
		}
		return state;
	}

	private ModelRef require(String name) {
		return find(name).orElseThrow(
				() -> new SlipwayException(ErrorCode.NOT_FOUND, "Registered Model with name=" + name + " not found"));
	}

	private Optional<ModelRef> find(String name) {
		if (name == null || name.isEmpty()) {
			throw SlipwayException.invalidArgument("name", "is required");
		}
		return this.jdbc.sql("SELECT id, name FROM registered_models WHERE name = ?")
			.param(name)
			.query((rs, row) -> new ModelRef(rs.getLong("id"), rs.getString("name")))
			.optional();
	}

	private record ModelRef(long id, String name) {
	}

}
