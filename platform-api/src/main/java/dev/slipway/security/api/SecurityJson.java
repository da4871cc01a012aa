package dev.slipway.security.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.slipway.security.ApiToken;
import dev.slipway.security.CreatedUser;
import dev.slipway.security.User;

/** Request and response bodies of the native users, tokens and permissions API. */
final class SecurityJson {

	private SecurityJson() {
	}

	/** An account, without secrets. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record UserJson(long id, String username, String displayName, String email, String kind, String role,
			String authSource, boolean enabled, boolean mustChangePassword, Long lockedUntil, Long lastLoginAt,
			long createdAt) {

		static UserJson of(User user) {
			return new UserJson(user.id(), user.username(), user.displayName(), user.email(), user.kind().name(),
					user.role().name(), user.authSource().name(), user.enabled(), user.mustChangePassword(),
					user.lockedUntil(), user.lastLoginAt(), user.createdAt());
		}

	}

	/** A page of accounts. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record UserPageJson(List<UserJson> users, String nextPageToken) {
	}

	/** An account just created or reset, with its one-time password when one was made. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record CreatedUserJson(UserJson user, String oneTimePassword) {

		static CreatedUserJson of(CreatedUser created) {
			return new CreatedUserJson(UserJson.of(created.user()), created.oneTimePassword());
		}

	}

	/** Creates an account. */
	record CreateUserRequest(String username, String role, Boolean serviceAccount, String password, String displayName,
			String email) {
	}

	/** Changes an account; absent fields stay. */
	record UpdateUserRequest(String role, Boolean enabled, String displayName, String email) {
	}

	/** Changes the caller's password. */
	record ChangePasswordRequest(String currentPassword, String newPassword) {
	}

	/** An admin sets a password; none generates a one-time password. */
	record ResetPasswordRequest(String password, Boolean temporary) {
	}

	/** A token without its secret. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record TokenJson(long id, String username, String name, String prefix, long createdAt, String createdBy,
			Long expiresAt, Long lastUsedAt, Long revokedAt, boolean active, Long deploymentId) {

		static TokenJson of(ApiToken token, long now) {
			return new TokenJson(token.id(), token.username(), token.name(), token.prefix(), token.createdAt(),
					token.createdBy(), token.expiresAt(), token.lastUsedAt(), token.revokedAt(), token.activeAt(now),
					token.deploymentId());
		}

	}

	/** Tokens. */
	record TokenListJson(List<TokenJson> tokens) {
	}

	/** A token just created: the only answer that holds its secret. */
	record CreatedTokenJson(TokenJson token, String secret) {
	}

	/**
	 * Creates a token: {@code expiresAt} (epoch millis) or {@code expiresInDays}, or
	 * neither for no expiry.
	 */
	record CreateTokenRequest(String name, Long expiresAt, Integer expiresInDays, String username) {
	}

}
