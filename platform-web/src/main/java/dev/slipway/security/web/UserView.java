package dev.slipway.security.web;

import dev.slipway.security.AccountKind;
import dev.slipway.security.AuthSource;
import dev.slipway.security.Role;
import dev.slipway.security.User;

/**
 * An account as a page shows it.
 *
 * @param username unique name
 * @param displayName full name, or null
 * @param email e-mail address, or null
 * @param role server-wide role
 * @param kind person or service account
 * @param source where the identity is proven
 * @param status active, disabled, locked or waiting for a new password
 * @param lastSignIn last successful sign-in, or null
 * @param created when the account was created
 * @param enabled whether it may sign in
 * @param locked whether sign-in is locked for a while
 * @param service whether it is a service account
 * @param hasPassword whether it has a password Slipway checks
 */
record UserView(String username, String displayName, String email, Role role, String kind, String source, String status,
		String lastSignIn, String created, boolean enabled, boolean locked, boolean service, boolean hasPassword) {

	static UserView of(User user, long now) {
		boolean locked = user.lockedAt(now);
		String status;
		if (!user.enabled()) {
			status = "disabled";
		}
		else if (locked) {
			status = "locked until " + PageTimes.format(user.lockedUntil());
		}
		else if (user.mustChangePassword()) {
			status = "must change password";
		}
		else {
			status = "active";
		}
		boolean service = user.kind() == AccountKind.SERVICE;
		return new UserView(user.username(), user.displayName(), user.email(), user.role(),
				service ? "service account" : "person",
				(user.authSource() == AuthSource.OIDC) ? "single sign-on" : "local", status,
				PageTimes.format(user.lastLoginAt()), PageTimes.format(user.createdAt()), user.enabled(), locked,
				service, !service && user.authSource() == AuthSource.LOCAL);
	}

}
