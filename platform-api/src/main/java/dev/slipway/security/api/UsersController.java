package dev.slipway.security.api;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.Refusal;
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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "Users", description = "Accounts: admins manage them, everyone reads their own")
@RestController
@RequestMapping("/api/v1/users")
class UsersController {

	private final UserService users;

	UsersController(UserService users) {
		this.users = users;
	}

	@Operation(summary = "List accounts by name prefix, 200 a page at most (ADMIN)")
	@GetMapping
	UserPageJson list(@RequestParam(required = false) String prefix,
			@RequestParam(name = "pageSize", required = false) Integer pageSize,
			@RequestParam(name = "pageToken", required = false) String pageToken) {
		UserList page = this.users.list(prefix, pageSize, pageToken);
		return new UserPageJson(page.users().stream().map(UserJson::of).toList(), page.nextPageToken());
	}

	@Operation(summary = "Create an account; a person without a password gets a one-time password (ADMIN)")
	@Refusal(code = ErrorCode.ALREADY_EXISTS, when = "an account has this name")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	CreatedUserJson create(@RequestBody CreateUserRequest request) {
		return CreatedUserJson.of(this.users.create(new NewUser(request.username(), Role.parse("role", request.role()),
				Boolean.TRUE.equals(request.serviceAccount()), request.password(), request.displayName(),
				request.email())));
	}

	@Operation(summary = "The caller's account")
	@GetMapping("/me")
	UserJson me() {
		return UserJson.of(this.users.me());
	}

	@Operation(summary = "Change the caller's password")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the account has no password (a service or single sign-on account)")
	@PostMapping("/me/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void changePassword(@RequestBody ChangePasswordRequest request) {
		this.users.changeOwnPassword(request.currentPassword(), request.newPassword());
	}

	@Operation(summary = "One account (ADMIN, or the user)")
	@GetMapping("/{username}")
	UserJson get(@PathVariable String username) {
		return UserJson.of(this.users.get(username));
	}

	@Operation(summary = "Change an account's role, state, display name or email (ADMIN)")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the last enabled admin cannot be demoted or disabled")
	@PatchMapping("/{username}")
	UserJson update(@PathVariable String username, @RequestBody UpdateUserRequest request) {
		Role role = (request.role() != null) ? Role.parse("role", request.role()) : null;
		return UserJson.of(this.users.update(username,
				new UserChanges(role, request.enabled(), request.displayName(), request.email())));
	}

	@Operation(summary = "Set an account's password, or generate a one-time password (ADMIN)")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "only local accounts of people have passwords")
	@PostMapping("/{username}/password")
	CreatedUserJson resetPassword(@PathVariable String username,
			@RequestBody(required = false) ResetPasswordRequest request) {
		String password = (request != null) ? request.password() : null;
		boolean temporary = request == null || request.temporary() == null || request.temporary();
		return CreatedUserJson.of(this.users.setPassword(username, password, temporary));
	}

	@Operation(summary = "Lift an account's lockout (ADMIN)")
	@PostMapping("/{username}/unlock")
	UserJson unlock(@PathVariable String username) {
		return UserJson.of(this.users.unlock(username));
	}

	@Operation(summary = "Delete an account with its tokens and grants (ADMIN)")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "your own account, or the last enabled admin")
	@DeleteMapping("/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String username) {
		this.users.delete(username);
	}

}
