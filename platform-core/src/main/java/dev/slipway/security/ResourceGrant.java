package dev.slipway.security;

/**
 * One user's permission on a resource.
 *
 * @param username who holds it
 * @param permission what they may do
 * @param grantedAt epoch millis of the grant
 * @param userId the holder's account id (MLflow's auth API answers with it)
 */
public record ResourceGrant(String username, Permission permission, long grantedAt, long userId) {
}
