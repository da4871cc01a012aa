package dev.slipway.registry.api;

import dev.slipway.mlflow.MlflowApi;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.api.permissions.MlflowResourcePermissionsController;

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
class MlflowModelPermissionsController extends MlflowResourcePermissionsController {

	MlflowModelPermissionsController(ResourcePermissionService permissions) {
		super(permissions, new Route(ResourceType.REGISTERED_MODEL, "name", "registered_model_permission",
				"Registered model permission"));
	}

}
