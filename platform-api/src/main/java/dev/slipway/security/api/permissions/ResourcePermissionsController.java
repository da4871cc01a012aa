package dev.slipway.security.api.permissions;

import java.util.List;

import dev.slipway.security.Permission;
import dev.slipway.security.ResourceGrant;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourcePermissions;
import dev.slipway.security.ResourceType;
import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The native permission routes of one kind of resource, below its
 * {@code .../{resource}/permissions} mapping: read them, grant and revoke a user's, set
 * the default. A feature's controller gives the mapping, the kind and the JSON of
 * {@code GET}; reading and changing needs MANAGE on the resource.
 */
public abstract class ResourcePermissionsController {

	private final ResourcePermissionService permissions;

	private final ResourceType type;

	protected ResourcePermissionsController(ResourcePermissionService permissions, ResourceType type) {
		this.permissions = permissions;
		this.type = type;
	}

	/** The resource's permissions as the feature's JSON. */
	protected abstract Object json(ResourcePermissions permissions);

	/** One user's permission. */
	public record GrantJson(String username, String permission, long grantedAt) {

		/** The grants as JSON, in their order. */
		public static List<GrantJson> of(List<ResourceGrant> grants) {
			return grants.stream()
				.map((grant) -> new GrantJson(grant.username(), grant.permission().name(), grant.grantedAt()))
				.toList();
		}

	}

	/** A permission to set; for the default, null returns to the server default. */
	public record PermissionRequest(String permission) {

		Permission parse() {
			return (this.permission == null) ? null : Permission.parse("permission", this.permission);
		}

	}

	/** A permission's name, or null. */
	protected static String name(Permission permission) {
		return (permission != null) ? permission.name() : null;
	}

	@Operation(summary = "The resource's grants and default permission")
	@GetMapping
	public Object get(@PathVariable String resource) {
		return json(this.permissions.permissions(this.type, resource));
	}

	@Operation(summary = "Give a user a permission on the resource")
	@PutMapping("/users/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void grant(@PathVariable String resource, @PathVariable String username,
			@RequestBody PermissionRequest request) {
		this.permissions.grant(this.type, resource, username, Permission.parse("permission", request.permission()));
	}

	@Operation(summary = "Remove a user's own grant on the resource")
	@DeleteMapping("/users/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void revoke(@PathVariable String resource, @PathVariable String username) {
		this.permissions.revoke(this.type, resource, username);
	}

	@Operation(summary = "Set the permission of everyone without a grant; null follows the server default")
	@PutMapping("/default")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void setDefault(@PathVariable String resource, @RequestBody PermissionRequest request) {
		this.permissions.setDefaultPermission(this.type, resource, request.parse());
	}

}
