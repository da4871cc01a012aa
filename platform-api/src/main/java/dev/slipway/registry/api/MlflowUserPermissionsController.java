package dev.slipway.registry.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.mlflow.MlflowRequest;
import dev.slipway.registry.ModelPermissionService;
import dev.slipway.security.Permission;
import dev.slipway.security.api.MlflowPermissions;
import dev.slipway.tracking.ExperimentService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow 3's unified user permission API
 * ({@code AuthServiceClient.grant_user_permission}, {@code revoke_user_permission},
 * {@code get_user_permission}) for resource types {@code experiment} (the id is the
 * experiment id) and {@code registered_model} (the id is the model's name). Granting and
 * revoking need MANAGE on the resource. It lives with the registry because it serves both
 * features, and the registry already depends on tracking.
 */
@RestController
@MlflowApi
@RequestMapping({ "/api/3.0/mlflow/users/permissions", "/ajax-api/3.0/mlflow/users/permissions" })
class MlflowUserPermissionsController {

	private static final String EXPERIMENT = "experiment";

	private static final String REGISTERED_MODEL = "registered_model";

	private final ExperimentService experiments;

	private final ModelPermissionService models;

	MlflowUserPermissionsController(ExperimentService experiments, ModelPermissionService models) {
		this.experiments = experiments;
		this.models = models;
	}

	@PostMapping("/grant")
	Map<String, Object> grant(MlflowRequest request) {
		String username = request.requireString("username");
		Permission permission = MlflowPermissions.parse("permission", request.requireString("permission"));
		if (isModel(request)) {
			this.models.grant(request.requireString("resource_id"), username, permission);
		}
		else {
			this.experiments.grant(request.requireString("resource_id"), username, permission);
		}
		return Map.of();
	}

	@PostMapping("/revoke")
	Map<String, Object> revoke(MlflowRequest request) {
		String username = request.requireString("username");
		if (isModel(request)) {
			this.models.revoke(request.requireString("resource_id"), username);
		}
		else {
			this.experiments.revoke(request.requireString("resource_id"), username);
		}
		return Map.of();
	}

	@GetMapping("/get")
	Map<String, Object> get(MlflowRequest request) {
		String username = request.requireString("username");
		Permission permission = isModel(request)
				? this.models.permissionOf(request.requireString("resource_id"), username)
				: this.experiments.permissionOf(request.requireString("resource_id"), username);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("allowed", permission != Permission.NONE);
		json.put("permission", MlflowPermissions.name(permission));
		return json;
	}

	private static boolean isModel(MlflowRequest request) {
		String type = request.requireString("resource_type");
		if (REGISTERED_MODEL.equals(type)) {
			return true;
		}
		if (EXPERIMENT.equals(type)) {
			return false;
		}
		throw SlipwayException.invalidArgument("resource_type",
				"'" + type + "' is not supported; Slipway keeps permissions on experiment and registered_model");
	}

}
