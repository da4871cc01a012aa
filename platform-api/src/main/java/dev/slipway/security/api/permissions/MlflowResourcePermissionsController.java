package dev.slipway.security.api.permissions;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.mlflow.MlflowRequest;
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
	}

	@PostMapping("/create")
	public Map<String, Object> create(MlflowRequest request) {
		String resource = request.requireString(this.route.keyField());
		String username = request.requireString("username");
		if (this.permissions.grantOf(this.route.type(), resource, username).isPresent()) {
			throw new SlipwayException(ErrorCode.ALREADY_EXISTS, this.route.label() + " (" + this.route.keyField() + "="
					+ resource + ", username=" + username + ") already exists");
		}
		this.permissions.grant(this.route.type(), resource, username,
				MlflowPermissions.parse("permission", request.requireString("permission")));
		return Map.of(this.route.answerField(), json(resource, existing(resource, username)));
	}

	@GetMapping("/get")
	public Map<String, Object> get(MlflowRequest request) {
		String resource = request.requireString(this.route.keyField());
		return Map.of(this.route.answerField(), json(resource, existing(resource, request.requireString("username"))));
	}

	@PatchMapping("/update")
	public Map<String, Object> update(MlflowRequest request) {
		String resource = request.requireString(this.route.keyField());
		String username = request.requireString("username");
		existing(resource, username);
		this.permissions.grant(this.route.type(), resource, username,
				MlflowPermissions.parse("permission", request.requireString("permission")));
		return Map.of();
	}

	@DeleteMapping("/delete")
	public Map<String, Object> delete(MlflowRequest request) {
		this.permissions.revoke(this.route.type(), request.requireString(this.route.keyField()),
				request.requireString("username"));
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
