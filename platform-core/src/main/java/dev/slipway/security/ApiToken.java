package dev.slipway.security;

/**
 * An API token as its owner and admins see it: everything but the secret.
 *
 * @param id surrogate key, used to revoke it
 * @param username the account the token acts as
 * @param name what the token is for
 * @param prefix the first characters of the token, to tell tokens apart
 * @param createdAt epoch millis
 * @param createdBy user name of whoever created it
 * @param expiresAt epoch millis after which it no longer works, or null for never
 * @param lastUsedAt epoch millis of its last use (to the minute), or null
 * @param revokedAt epoch millis of its revocation, or null
 * @param deploymentId for an invoke-only token, the one deployment whose prediction
 * routes it may call (and nothing else); null for a token that acts as its account
 */
public record ApiToken(long id, String username, String name, String prefix, long createdAt, String createdBy,
		Long expiresAt, Long lastUsedAt, Long revokedAt, Long deploymentId) {

	/** Whether the token works at {@code now}. */
	public boolean activeAt(long now) {
		return this.revokedAt == null && (this.expiresAt == null || this.expiresAt > now);
	}

}
