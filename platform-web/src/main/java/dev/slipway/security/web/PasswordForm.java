package dev.slipway.security.web;

/**
 * The change-password form.
 *
 * @param currentPassword the password in use
 * @param newPassword the password wanted
 * @param confirmPassword the password wanted, typed again
 */
record PasswordForm(String currentPassword, String newPassword, String confirmPassword) {

	@Override
	public String toString() {
		return "PasswordForm[***]";
	}

}
