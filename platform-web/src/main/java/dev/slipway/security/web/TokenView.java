package dev.slipway.security.web;

import dev.slipway.security.ApiToken;

/**
 * An API token as a row of a page.
 *
 * @param id the token's id, to revoke it
 * @param name what the token is for
 * @param prefix its first characters
 * @param created when it was created
 * @param createdBy who created it
 * @param expires when it expires, or null for never
 * @param lastUsed when it was last used, or null
 * @param status active, expired or revoked
 * @param active whether it still works
 */
record TokenView(long id, String name, String prefix, String created, String createdBy, String expires, String lastUsed,
		String status, boolean active) {

	static TokenView of(ApiToken token, long now) {
		String status;
		if (token.revokedAt() != null) {
			status = "revoked " + PageTimes.format(token.revokedAt());
		}
		else if (!token.activeAt(now)) {
			status = "expired";
		}
		else {
			status = "active";
		}
		return new TokenView(token.id(), token.name(), token.prefix(), PageTimes.format(token.createdAt()),
				token.createdBy(), PageTimes.format(token.expiresAt()), PageTimes.format(token.lastUsedAt()), status,
				token.activeAt(now));
	}

}
