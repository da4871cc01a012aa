package dev.slipway.security.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.mlflow.MlflowMessage;
import dev.slipway.mlflow.Required;
import dev.slipway.security.Permission;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourceType;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow 3's unified user permission API
 * ({@code AuthServiceClient.grant_user_permission}, {@code revoke_user_permission},
 * {@code get_user_permission}) for resource types {@code experiment} (the id is the
 * experiment id) and {@code registered_model} (the id is the model's name). Granting and
 * revoking need MANAGE on the resource.
 */
@RestController
@MlflowApi
@RequestMapping({ "/api/3.0/mlflow/users/permissions", "/ajax-api/3.0/mlflow/users/permissions" })
class MlflowUserPermissionsController {

	private final ResourcePermissionService permissions;

	MlflowUserPermissionsController(ResourcePermissionService permissions) {
		this.permissions = permissions;
	}

	@PostMapping("/grant")
	Map<String, Object> grant(Grant request) {
		Permission permission = MlflowPermissions.parse("permission", request.permission());
		this.permissions.grant(type(request.resourceType()), request.resourceId(), request.username(), permission);
		return Map.of();
	}

	@PostMapping("/revoke")
	Map<String, Object> revoke(ResourceUser request) {
		this.permissions.revoke(type(request.resourceType()), request.resourceId(), request.username());
		return Map.of();
	}

	@GetMapping("/get")
	Map<String, Object> get(ResourceUser request) {
		Permission permission = this.permissions.permissionOf(type(request.resourceType()), request.resourceId(),
				request.username());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("allowed", permission != Permission.NONE);
		json.put("permission", MlflowPermissions.name(permission));
		return json;
	}

	/** {@code users/permissions/grant}. */
	@MlflowMessage
	record Grant(@Required String resourceType, @Required String resourceId, @Required String username,
			@Required String permission) {
	}

	/** {@code users/permissions/revoke} and {@code get}. */
	@MlflowMessage
	record ResourceUser(@Required String resourceType, @Required String resourceId, @Required String username) {
	}

	private static ResourceType type(String type) {
		return switch (type) {
			case "registered_model" -> ResourceType.REGISTERED_MODEL;
			case "experiment" -> ResourceType.EXPERIMENT;
			default -> throw SlipwayException.invalidArgument("resource_type",
					"'" + type + "' is not supported; Slipway keeps permissions on experiment and registered_model");
		};
	}

}
