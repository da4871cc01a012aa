package dev.slipway.security;

/**
 * An account as the UI and the API show it; never carries a secret.
 *
 * @param id surrogate key
 * @param username unique name (lower case)
 * @param displayName full name, or null
 * @param email e-mail address, or null
 * @param kind person or automation
 * @param role server-wide role
 * @param authSource where the identity is proven
 * @param enabled whether the account may sign in and use its tokens
 * @param mustChangePassword whether the account still has a one-time password
 * @param lockedUntil epoch millis until which sign-in of this name is locked from at
 * least one client address after repeated failures there, or null
 * @param lastLoginAt epoch millis of the last successful sign-in, or null
 * @param createdAt epoch millis of creation
 */
public record User(long id, String username, String displayName, String email, AccountKind kind, Role role,
		AuthSource authSource, boolean enabled, boolean mustChangePassword, Long lockedUntil, Long lastLoginAt,
		long createdAt) {

	/**
	 * Whether sign-in is locked from some client address at {@code now} (epoch millis).
	 */
	public boolean lockedAt(long now) {
		return this.lockedUntil != null && this.lockedUntil > now;
	}

}
