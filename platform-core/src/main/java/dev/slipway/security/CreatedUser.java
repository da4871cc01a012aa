package dev.slipway.security;

/**
 * An account just created or reset.
 *
 * @param user the account
 * @param oneTimePassword a generated password to hand over once, which must be changed at
 * the first sign-in; null when the admin chose the password or for service accounts
 */
public record CreatedUser(User user, String oneTimePassword) {

	@Override
	public String toString() {
		return "CreatedUser[" + this.user.username() + "]";
	}

}
