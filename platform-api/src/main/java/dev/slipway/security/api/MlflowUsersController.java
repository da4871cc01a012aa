package dev.slipway.security.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.mlflow.MlflowApi;
import dev.slipway.mlflow.MlflowMessage;
import dev.slipway.mlflow.Required;
import dev.slipway.security.CreatedUser;
import dev.slipway.security.NewUser;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.Role;
import dev.slipway.security.User;
import dev.slipway.security.UserChanges;
import dev.slipway.security.UserGrant;
import dev.slipway.security.UserService;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's auth app user API ({@code mlflow.server.auth}), so
 * {@code mlflow.server.get_app_client("basic-auth", ...)} manages Slipway accounts. An
 * MLflow user is an ADMIN or, when not admin, an EDITOR.
 */
@RestController
@MlflowApi
@RequestMapping({ "/api/2.0/mlflow/users", "/ajax-api/2.0/mlflow/users" })
class MlflowUsersController {

	private final UserService users;

	private final PermissionService permissions;

	MlflowUsersController(UserService users, PermissionService permissions) {
		this.users = users;
		this.permissions = permissions;
	}

	@PostMapping("/create")
	Map<String, Object> create(Credentials request) {
		CreatedUser created = this.users
			.create(new NewUser(request.username(), Role.EDITOR, false, request.password(), null, null));
		return Map.of("user", user(created.user()));
	}

	@GetMapping("/get")
	Map<String, Object> get(UserRef request) {
		return Map.of("user", user(this.users.get(request.username())));
	}

	@PatchMapping("/update-password")
	Map<String, Object> updatePassword(Credentials request) {
		this.users.setPassword(request.username(), request.password(), false);
		return Map.of();
	}

	@PatchMapping("/update-admin")
	Map<String, Object> updateAdmin(UpdateAdmin request) {
		String username = request.username();
		Role current = this.users.get(username).role();
		Role role = request.isAdmin() ? Role.ADMIN : ((current == Role.ADMIN) ? Role.EDITOR : current);
		this.users.update(username, new UserChanges(role, null, null, null));
		return Map.of();
	}

	@DeleteMapping("/delete")
	Map<String, Object> delete(UserRef request) {
		this.users.delete(request.username());
		return Map.of();
	}

	/** {@code users/create} and {@code users/update-password}. */
	@MlflowMessage
	record Credentials(@Required String username, @Required String password) {
	}

	/** {@code users/get} and {@code users/delete}. */
	@MlflowMessage
	record UserRef(@Required String username) {
	}

	/** {@code users/update-admin}. */
	@MlflowMessage
	record UpdateAdmin(@Required String username, @Required Boolean isAdmin) {
	}

	private Map<String, Object> user(User user) {
		List<UserGrant> grants = this.permissions.grantsOf(user.username());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", user.id());
		json.put("username", user.username());
		json.put("is_admin", user.role() == Role.ADMIN);
		json.put("experiment_permissions", grants(grants, ResourceType.EXPERIMENT, "experiment_id", user.id()));
		json.put("registered_model_permissions",
				grants(grants, ResourceType.REGISTERED_MODEL, "registered_model_id", user.id()));
		return json;
	}

	private static List<Map<String, Object>> grants(List<UserGrant> grants, ResourceType type, String idField,
			long userId) {
		return grants.stream().filter((grant) -> grant.resourceType() == type).map((grant) -> {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put(idField, String.valueOf(grant.resourceId()));
			json.put("user_id", userId);
			json.put("permission", MlflowPermissions.name(grant.permission()));
			return json;
		}).toList();
	}

}
