package dev.slipway.tracking.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slipway.security.Permission;
import dev.slipway.security.ResourceGrant;
import dev.slipway.tracking.ExperimentPermissions;
import dev.slipway.tracking.ExperimentService;
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
 * Who may use an experiment ({@code /api/v1/experiments/{id}/permissions}); reading and
 * changing it needs MANAGE on the experiment.
 */
@Tag(name = "Experiment permissions", description = "Who may use an experiment; needs MANAGE on it")
@RestController
@RequestMapping("/api/v1/experiments/{experimentId}/permissions")
class ExperimentPermissionsController {

	private final ExperimentService experiments;

	ExperimentPermissionsController(ExperimentService experiments) {
		this.experiments = experiments;
	}

	/** One user's permission. */
	record GrantJson(String username, String permission, long grantedAt) {

		static GrantJson of(ResourceGrant grant) {
			return new GrantJson(grant.username(), grant.permission().name(), grant.grantedAt());
		}

	}

	/** The permissions of an experiment. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record PermissionsJson(String experimentId, List<GrantJson> grants, String experimentDefault,
			String effectiveDefault) {
	}

	/** A permission to set; for the default, null returns to the server default. */
	record PermissionRequest(String permission) {
	}

	@Operation(summary = "An experiment's grants and default permission")
	@GetMapping
	PermissionsJson get(@PathVariable String experimentId) {
		ExperimentPermissions permissions = this.experiments.permissions(experimentId);
		return new PermissionsJson(permissions.experimentId(),
				permissions.grants().stream().map(GrantJson::of).toList(),
				(permissions.experimentDefault() != null) ? permissions.experimentDefault().name() : null,
				permissions.effectiveDefault().name());
	}

	@Operation(summary = "Give a user a permission on an experiment")
	@PutMapping("/users/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void grant(@PathVariable String experimentId, @PathVariable String username,
			@RequestBody PermissionRequest request) {
		this.experiments.grant(experimentId, username, Permission.parse("permission", request.permission()));
	}

	@Operation(summary = "Remove a user's own grant on an experiment")
	@DeleteMapping("/users/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@PathVariable String experimentId, @PathVariable String username) {
		this.experiments.revoke(experimentId, username);
	}

	@Operation(summary = "Set the permission of everyone without a grant; null follows the server default")
	@PutMapping("/default")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void setDefault(@PathVariable String experimentId, @RequestBody PermissionRequest request) {
		this.experiments.setDefaultPermission(experimentId,
				(request.permission() == null) ? null : Permission.parse("permission", request.permission()));
	}

}
