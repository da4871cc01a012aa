package dev.slipway.tracking.api;

import dev.slipway.mlflow.MlflowApi;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.api.permissions.MlflowResourcePermissionsController;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's auth app experiment permission API ({@code mlflow.server.auth}); the caller
 * needs MANAGE on the experiment.
 */
@RestController
@MlflowApi
@RequestMapping({ "/api/2.0/mlflow/experiments/permissions", "/ajax-api/2.0/mlflow/experiments/permissions" })
class MlflowExperimentPermissionsController extends MlflowResourcePermissionsController {

	MlflowExperimentPermissionsController(ResourcePermissionService permissions) {
		super(permissions,
				new Route(ResourceType.EXPERIMENT, "experiment_id", "experiment_permission", "Experiment permission"));
	}

}
