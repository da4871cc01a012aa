package dev.slipway.registry.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slipway.registry.ModelPermissionService;
import dev.slipway.registry.ModelPermissions;
import dev.slipway.security.Permission;
import dev.slipway.security.ResourceGrant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who may use a registered model ({@code /api/v1/models/{name}/permissions}), in the
 * shape of the experiments' permissions; reading and changing it needs MANAGE on the
 * model.
 */
@Tag(name = "Model permissions", description = "Who may use a registered model; needs MANAGE on it")
@RestController
@RequestMapping("/api/v1/models/{name}/permissions")
class ModelPermissionsController {

	private final ModelPermissionService permissions;

	ModelPermissionsController(ModelPermissionService permissions) {
		this.permissions = permissions;
	}

	/** One user's permission. */
	record GrantJson(String username, String permission, long grantedAt) {

		static GrantJson of(ResourceGrant grant) {
			return new GrantJson(grant.username(), grant.permission().name(), grant.grantedAt());
		}

	}

	/** The permissions of a model. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record PermissionsJson(String name, List<GrantJson> grants, String modelDefault, String effectiveDefault) {
	}

	/** A permission to set; for the default, null returns to the server default. */
	record PermissionRequest(String permission) {
	}

	@Operation(summary = "A registered model's grants and default permission")
	@GetMapping
	PermissionsJson get(@PathVariable String name) {
		ModelPermissions model = this.permissions.permissions(name);
		return new PermissionsJson(model.name(), model.grants().stream().map(GrantJson::of).toList(),
				(model.modelDefault() != null) ? model.modelDefault().name() : null, model.effectiveDefault().name());
	}

	@Operation(summary = "Give a user a permission on a registered model")
	@PutMapping("/users/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void grant(@PathVariable String name, @PathVariable String username, @RequestBody PermissionRequest request) {
		this.permissions.grant(name, username, Permission.parse("permission", request.permission()));
	}

	@Operation(summary = "Remove a user's own grant on a registered model")
	@DeleteMapping("/users/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@PathVariable String name, @PathVariable String username) {
		this.permissions.revoke(name, username);
	}

	@Operation(summary = "Set the permission of everyone without a grant; null follows the server default")
	@PutMapping("/default")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void setDefault(@PathVariable String name, @RequestBody PermissionRequest request) {
		this.permissions.setDefaultPermission(name,
				(request.permission() == null) ? null : Permission.parse("permission", request.permission()));
	}

}
