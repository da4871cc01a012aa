package dev.slipway.security;

/**
 * What is given to create an API token.
 *
 * @param name what the token is for (1 to 100 characters)
 * @param expiresAt epoch millis after which it stops working, or null for never (within
 * the server's maximum lifetime)
 * @param username the account the token acts as: null for the caller; an admin may name a
 * service account
 */
public record NewToken(String name, Long expiresAt, String username) {
}
