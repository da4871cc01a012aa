package dev.slipway.registry.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.mlflow.MlflowRequest;
import dev.slipway.registry.ModelPermissionService;
import dev.slipway.security.ResourceGrant;
import dev.slipway.security.api.MlflowPermissions;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's auth app registered model permission API ({@code mlflow.server.auth}); the
 * caller needs MANAGE on the model.
 */
@RestController
@MlflowApi
@RequestMapping({ "/api/2.0/mlflow/registered-models/permissions",
		"/ajax-api/2.0/mlflow/registered-models/permissions" })
class MlflowModelPermissionsController {

	private final ModelPermissionService permissions;

	MlflowModelPermissionsController(ModelPermissionService permissions) {
		this.permissions = permissions;
	}

	@PostMapping("/create")
	Map<String, Object> create(MlflowRequest request) {
		String name = request.requireString("name");
		String username = request.requireString("username");
		if (this.permissions.grantOf(name, username).isPresent()) {
			throw new SlipwayException(ErrorCode.ALREADY_EXISTS,
					"Registered model permission (name=" + name + ", username=" + username + ") already exists");
		}
		this.permissions.grant(name, username,
				MlflowPermissions.parse("permission", request.requireString("permission")));
		return Map.of("registered_model_permission", json(name, existing(name, username)));
	}

	@GetMapping("/get")
	Map<String, Object> get(MlflowRequest request) {
		String name = request.requireString("name");
		return Map.of("registered_model_permission", json(name, existing(name, request.requireString("username"))));
	}

	@PatchMapping("/update")
	Map<String, Object> update(MlflowRequest request) {
		String name = request.requireString("name");
		String username = request.requireString("username");
		existing(name, username);
		this.permissions.grant(name, username,
				MlflowPermissions.parse("permission", request.requireString("permission")));
		return Map.of();
	}

	@DeleteMapping("/delete")
	Map<String, Object> delete(MlflowRequest request) {
		this.permissions.revoke(request.requireString("name"), request.requireString("username"));
		return Map.of();
	}

	private ResourceGrant existing(String name, String username) {
		return this.permissions.grantOf(name, username)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND,
					"Registered model permission with name=" + name + " and username=" + username + " not found"));
	}

	/**
	 * MLflow's {@code RegisteredModelPermission}: {@code name}, {@code user_id} (the
	 * account's id) and {@code permission}, plus the {@code username}.
	 */
	private static Map<String, Object> json(String name, ResourceGrant grant) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", name);
		json.put("user_id", grant.userId());
		json.put("username", grant.username());
		json.put("permission", MlflowPermissions.name(grant.permission()));
		return json;
	}

}
