package dev.slipway.security;

/**
 * What an admin changes about an account; null fields stay as they are.
 *
 * @param role new role
 * @param enabled false to disable (sign-in and every token stop working), true to enable
 * @param displayName new full name ("" clears it)
 * @param email new e-mail address ("" clears it)
 */
public record UserChanges(Role role, Boolean enabled, String displayName, String email) {
}
