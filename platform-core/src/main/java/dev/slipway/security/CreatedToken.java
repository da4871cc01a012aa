package dev.slipway.security;

/**
 * A token just created: the only time its secret is available.
 *
 * @param token the token's description
 * @param secret the token itself, to show once and never again
 */
public record CreatedToken(ApiToken token, String secret) {

	@Override
	public String toString() {
		return "CreatedToken[" + this.token + "]";
	}

}
