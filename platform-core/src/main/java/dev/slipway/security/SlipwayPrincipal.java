package dev.slipway.security;

import java.io.Serializable;

/**
 * Who is calling, however they proved it (session, password, token, single sign-on).
 * Every authenticated request carries one; services read it through {@link CurrentUser}.
 *
 * @param userId the account's surrogate key
 * @param username the account's unique name
 * @param role the account's role when the request began
 * @param kind person or automation
 * @param mustChangePassword whether the account still uses a one-time password, which
 * allows nothing but changing it
 * @param credentialsChangedAt when the password, role or status last changed; a session
 * started before it has ended
 * @param method how the caller authenticated: {@code session}, {@code basic},
 * {@code token} or {@code oidc}
 */
public record SlipwayPrincipal(long userId, String username, Role role, AccountKind kind, boolean mustChangePassword,
		long credentialsChangedAt, String method) implements Serializable {

	/** Whether the caller is an admin. */
	public boolean isAdmin() {
		return this.role == Role.ADMIN;
	}

	/** The same caller, authenticated another way. */
	public SlipwayPrincipal via(String otherMethod) {
		return new SlipwayPrincipal(this.userId, this.username, this.role, this.kind, this.mustChangePassword,
				this.credentialsChangedAt, otherMethod);
	}

	@Override
	public String toString() {
		return this.username;
	}

}
