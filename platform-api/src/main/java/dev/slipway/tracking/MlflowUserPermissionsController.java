package dev.slipway.tracking;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.mlflow.MlflowRequest;
import dev.slipway.security.MlflowPermissions;
import dev.slipway.security.Permission;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow 3's unified user permission API
 * ({@code AuthServiceClient.grant_user_permission}, {@code revoke_user_permission},
 * {@code get_user_permission}) for resource type {@code experiment}. Granting and
 * revoking need MANAGE on the experiment.
 */
@RestController
@MlflowApi
@RequestMapping({ "/api/3.0/mlflow/users/permissions", "/ajax-api/3.0/mlflow/users/permissions" })
class MlflowUserPermissionsController {

	private static final String EXPERIMENT = "experiment";

	private final ExperimentService experiments;

	MlflowUserPermissionsController(ExperimentService experiments) {
		this.experiments = experiments;
	}

	@PostMapping("/grant")
	Map<String, Object> grant(MlflowRequest request) {
		this.experiments.grant(experimentId(request), request.requireString("username"),
				MlflowPermissions.parse("permission", request.requireString("permission")));
		return Map.of();
	}

	@PostMapping("/revoke")
	Map<String, Object> revoke(MlflowRequest request) {
		this.experiments.revoke(experimentId(request), request.requireString("username"));
		return Map.of();
	}

	@GetMapping("/get")
	Map<String, Object> get(MlflowRequest request) {
		Permission permission = this.experiments.permissionOf(experimentId(request), request.requireString("username"));
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("allowed", permission != Permission.NONE);
		json.put("permission", MlflowPermissions.name(permission));
		return json;
	}

	private static String experimentId(MlflowRequest request) {
		String type = request.requireString("resource_type");
		if (!EXPERIMENT.equals(type)) {
			throw SlipwayException.invalidArgument("resource_type",
					"'" + type + "' is not supported; Slipway keeps permissions on experiments "
							+ "(registered models arrive with the model registry)");
		}
		return request.requireString("resource_id");
	}

}
