package dev.slipway.registry.api;

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
 * Who may use a registered model ({@code /api/v1/models/{name}/permissions}), in the
 * shape of the experiments' permissions; reading and changing it needs MANAGE on the
 * model.
 */
@Tag(name = "Model permissions", description = "Who may use a registered model; needs MANAGE on it")
@RestController
@RequestMapping("/api/v1/models/{resource}/permissions")
class ModelPermissionsController extends ResourcePermissionsController {

	ModelPermissionsController(ResourcePermissionService permissions) {
		super(permissions, ResourceType.REGISTERED_MODEL);
	}

	/** The permissions of a model. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record PermissionsJson(String name, List<GrantJson> grants, String modelDefault, String effectiveDefault) {
	}

	@Override
	protected PermissionsJson json(ResourcePermissions permissions) {
		return new PermissionsJson(permissions.resource(), GrantJson.of(permissions.grants()),
				name(permissions.resourceDefault()), permissions.effectiveDefault().name());
	}

}
