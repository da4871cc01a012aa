package dev.slipway.security.web;

import dev.slipway.security.NewUser;
import dev.slipway.security.Role;

/**
 * The create-user form.
 *
 * @param username unique name
 * @param role server-wide role
 * @param kind {@code person} or {@code service}
 * @param password initial password; empty for a generated one-time password
 * @param displayName full name, optional
 * @param email e-mail address, optional
 */
record NewUserForm(String username, String role, String kind, String password, String displayName, String email) {

	static NewUserForm empty() {
		return new NewUserForm("", Role.VIEWER.name(), "person", "", "", "");
	}

	NewUser toNewUser() {
		boolean service = "service".equals(this.kind);
		return new NewUser(this.username, Role.parse("role", this.role), service, blankToNull(this.password),
				this.displayName, this.email);
	}

	private static String blankToNull(String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

	@Override
	public String toString() {
		return "NewUserForm[" + this.username + "]";
	}

}
