package dev.slipway.security.api;

import dev.slipway.security.NewUser;
import dev.slipway.security.Role;
import dev.slipway.security.UserChanges;
import dev.slipway.security.UserList;
import dev.slipway.security.UserService;
import dev.slipway.security.api.SecurityJson.ChangePasswordRequest;
import dev.slipway.security.api.SecurityJson.CreateUserRequest;
import dev.slipway.security.api.SecurityJson.CreatedUserJson;
import dev.slipway.security.api.SecurityJson.ResetPasswordRequest;
import dev.slipway.security.api.SecurityJson.UpdateUserRequest;
import dev.slipway.security.api.SecurityJson.UserJson;
import dev.slipway.security.api.SecurityJson.UserPageJson;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Accounts over REST ({@code /api/v1/users}); admins manage, everyone reads themselves.
 */
@RestController
@RequestMapping("/api/v1/users")
class UsersController {

	private final UserService users;

	UsersController(UserService users) {
		this.users = users;
	}

	@GetMapping
	UserPageJson list(@RequestParam(required = false) String prefix,
			@RequestParam(name = "pageSize", required = false) Integer pageSize,
			@RequestParam(name = "pageToken", required = false) String pageToken) {
		UserList page = this.users.list(prefix, pageSize, pageToken);
		return new UserPageJson(page.users().stream().map(UserJson::of).toList(), page.nextPageToken());
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	CreatedUserJson create(@RequestBody CreateUserRequest request) {
		return CreatedUserJson.of(this.users.create(new NewUser(request.username(), Role.parse("role", request.role()),
				Boolean.TRUE.equals(request.serviceAccount()), request.password(), request.displayName(),
				request.email())));
	}

	@GetMapping("/me")
	UserJson me() {
		return UserJson.of(this.users.me());
	}

	@PostMapping("/me/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void changePassword(@RequestBody ChangePasswordRequest request) {
		this.users.changeOwnPassword(request.currentPassword(), request.newPassword());
	}

	@GetMapping("/{username}")
	UserJson get(@PathVariable String username) {
		return UserJson.of(this.users.get(username));
	}

	@PatchMapping("/{username}")
	UserJson update(@PathVariable String username, @RequestBody UpdateUserRequest request) {
		Role role = (request.role() != null) ? Role.parse("role", request.role()) : null;
		return UserJson.of(this.users.update(username,
				new UserChanges(role, request.enabled(), request.displayName(), request.email())));
	}

	@PostMapping("/{username}/password")
	CreatedUserJson resetPassword(@PathVariable String username,
			@RequestBody(required = false) ResetPasswordRequest request) {
		String password = (request != null) ? request.password() : null;
		boolean temporary = request == null || request.temporary() == null || request.temporary();
		return CreatedUserJson.of(this.users.setPassword(username, password, temporary));
	}

	@PostMapping("/{username}/unlock")
	UserJson unlock(@PathVariable String username) {
		return UserJson.of(this.users.unlock(username));
	}

	@DeleteMapping("/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String username) {
		this.users.delete(username);
	}

}
