package dev.slipway.tracking.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourcePermissions;
import dev.slipway.security.ResourceType;
import dev.slipway.security.api.permissions.ResourcePermissionsController;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who may use an experiment ({@code /api/v1/experiments/{id}/permissions}); reading and
 * changing it needs MANAGE on the experiment.
 */
@Tag(name = "Experiment permissions", description = "Who may use an experiment; needs MANAGE on it")
@RestController
@RequestMapping("/api/v1/experiments/{resource}/permissions")
class ExperimentPermissionsController extends ResourcePermissionsController {

	ExperimentPermissionsController(ResourcePermissionService permissions) {
		super(permissions, ResourceType.EXPERIMENT);
	}

	/** The permissions of an experiment. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record PermissionsJson(String experimentId, List<GrantJson> grants, String experimentDefault,
			String effectiveDefault) {
	}

	@Override
	protected PermissionsJson json(ResourcePermissions permissions) {
		return new PermissionsJson(permissions.resource(), GrantJson.of(permissions.grants()),
				name(permissions.resourceDefault()), permissions.effectiveDefault().name());
	}

}
