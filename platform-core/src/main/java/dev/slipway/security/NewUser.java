package dev.slipway.security;

/**
 * What an admin gives to create an account.
 *
 * @param username unique name
 * @param role server-wide role
 * @param serviceAccount true for automation, which holds only tokens
 * @param password initial password; null for a generated one-time password (people) or
 * none (service accounts)
 * @param displayName full name, or null
 * @param email e-mail address, or null
 */
public record NewUser(String username, Role role, boolean serviceAccount, String password, String displayName,
		String email) {

	@Override
	public String toString() {
		return "NewUser[" + this.username + ", " + this.role + "]";
	}

}
