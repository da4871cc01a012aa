package dev.slipway.tracking;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.mlflow.MlflowRequest;
import dev.slipway.security.MlflowPermissions;
import dev.slipway.security.ResourceGrant;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's auth app experiment permission API ({@code mlflow.server.auth}); the caller
 * needs MANAGE on the experiment.
 */
@RestController
@MlflowApi
@RequestMapping({ "/api/2.0/mlflow/experiments/permissions", "/ajax-api/2.0/mlflow/experiments/permissions" })
class MlflowExperimentPermissionsController {

	private final ExperimentService experiments;

	MlflowExperimentPermissionsController(ExperimentService experiments) {
		this.experiments = experiments;
	}

	@PostMapping("/create")
	Map<String, Object> create(MlflowRequest request) {
		String experimentId = request.requireString("experiment_id");
		String username = request.requireString("username");
		if (this.experiments.grantOf(experimentId, username).isPresent()) {
			throw new SlipwayException(ErrorCode.ALREADY_EXISTS, "Experiment permission (experiment_id=" + experimentId
					+ ", username=" + username + ") already exists");
		}
		this.experiments.grant(experimentId, username,
				MlflowPermissions.parse("permission", request.requireString("permission")));
		return Map.of("experiment_permission", json(experimentId, existing(experimentId, username)));
	}

	@GetMapping("/get")
	Map<String, Object> get(MlflowRequest request) {
		String experimentId = request.requireString("experiment_id");
		return Map.of("experiment_permission",
				json(experimentId, existing(experimentId, request.requireString("username"))));
	}

	@PatchMapping("/update")
	Map<String, Object> update(MlflowRequest request) {
		String experimentId = request.requireString("experiment_id");
		String username = request.requireString("username");
		existing(experimentId, username);
		this.experiments.grant(experimentId, username,
				MlflowPermissions.parse("permission", request.requireString("permission")));
		return Map.of();
	}

	@DeleteMapping("/delete")
	Map<String, Object> delete(MlflowRequest request) {
		this.experiments.revoke(request.requireString("experiment_id"), request.requireString("username"));
		return Map.of();
	}

	private ResourceGrant existing(String experimentId, String username) {
		return this.experiments.grantOf(experimentId, username)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND, "Experiment permission with experiment_id="
					+ experimentId + " and username=" + username + " not found"));
	}

	private static Map<String, Object> json(String experimentId, ResourceGrant grant) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("experiment_id", experimentId);
		// MLflow's ExperimentPermission.from_json reads user_id.
		json.put("user_id", grant.userId());
		json.put("username", grant.username());
		json.put("permission", MlflowPermissions.name(grant.permission()));
		return json;
	}

}
