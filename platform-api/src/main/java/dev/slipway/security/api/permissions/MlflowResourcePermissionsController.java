package dev.slipway.security.api.permissions;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.mlflow.MlflowMessage;
import dev.slipway.mlflow.MlflowWording;
import dev.slipway.mlflow.Required;
import dev.slipway.security.ResourceGrant;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.api.MlflowPermissions;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * MLflow's auth app permission routes of one kind of resource
 * ({@code mlflow.server.auth}: {@code create}, {@code get}, {@code update},
 * {@code delete} below the feature's {@code .../permissions} mapping). The caller needs
 * MANAGE on the resource.
 */
public abstract class MlflowResourcePermissionsController {

	private final ResourcePermissionService permissions;

	private final Route route;

	protected MlflowResourcePermissionsController(ResourcePermissionService permissions, Route route) {
		this.permissions = permissions;
		this.route = route;
	}

	/**
	 * How MLflow names one kind of resource's permissions.
	 *
	 * @param type the kind of resource
	 * @param keyField the request and answer field of the resource's key
	 * ({@code experiment_id})
	 * @param answerField the field the answer holds the permission in
	 * ({@code experiment_permission})
	 * @param label the permission in messages ({@code Experiment permission})
	 */
	public record Route(ResourceType type, String keyField, String answerField, String label) {

		/** The resource's key as this route's request names it. */
		String resourceOf(PermissionRequest request) {
			String key = this.keyField.equals("experiment_id") ? request.experimentId() : request.name();
			if (key == null || key.isEmpty()) {
				throw MlflowWording.missing(this.keyField);
			}
			return key;
		}

	}

	/**
	 * The request of every permission route: the resource's key ({@code experiment_id}
	 * for experiments, {@code name} for registered models, as the route's
	 * {@link Route#keyField()} says), the account and, where it is set, the permission.
	 *
	 * @param experimentId the experiment's key on experiment routes
	 * @param name the registered model's key on model routes
	 * @param username the account
	 * @param permission MLflow's permission name ({@code READ}, {@code EDIT},
	 * {@code MANAGE}, {@code NO_PERMISSIONS})
	 */
	@MlflowMessage
	public record PermissionRequest(String experimentId, String name, @Required String username, String permission) {

		String requirePermission() {
			if (this.permission == null || this.permission.isEmpty()) {
				throw MlflowWording.missing("permission");
			}
			return this.permission;
		}

	}

	@PostMapping("/create")
	public Map<String, Object> create(PermissionRequest request) {
		String resource = this.route.resourceOf(request);
		String username = request.username();
		if (this.permissions.grantOf(this.route.type(), resource, username).isPresent()) {
			throw new SlipwayException(ErrorCode.ALREADY_EXISTS, this.route.label() + " (" + this.route.keyField() + "="
					+ resource + ", username=" + username + ") already exists");
		}
		this.permissions.grant(this.route.type(), resource, username,
				MlflowPermissions.parse("permission", request.requirePermission()));
		return Map.of(this.route.answerField(), json(resource, existing(resource, username)));
	}

	@GetMapping("/get")
	public Map<String, Object> get(PermissionRequest request) {
		String resource = this.route.resourceOf(request);
		return Map.of(this.route.answerField(), json(resource, existing(resource, request.username())));
	}

	@PatchMapping("/update")
	public Map<String, Object> update(PermissionRequest request) {
		String resource = this.route.resourceOf(request);
		String username = request.username();
		existing(resource, username);
		this.permissions.grant(this.route.type(), resource, username,
				MlflowPermissions.parse("permission", request.requirePermission()));
		return Map.of();
	}

	@DeleteMapping("/delete")
	public Map<String, Object> delete(PermissionRequest request) {
		this.permissions.revoke(this.route.type(), this.route.resourceOf(request), request.username());
		return Map.of();
	}

	private ResourceGrant existing(String resource, String username) {
		return this.permissions.grantOf(this.route.type(), resource, username)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND, this.route.label() + " with "
					+ this.route.keyField() + "=" + resource + " and username=" + username + " not found"));
	}

	/**
	 * MLflow's {@code ExperimentPermission} or {@code RegisteredModelPermission}: the
	 * resource's key, {@code user_id} (the account's id, which MLflow's {@code from_json}
	 * reads) and {@code permission}, plus the {@code username}.
	 */
	private Map<String, Object> json(String resource, ResourceGrant grant) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put(this.route.keyField(), resource);
		json.put("user_id", grant.userId());
		json.put("username", grant.username());
		json.put("permission", MlflowPermissions.name(grant.permission()));
		return json;
	}

}
