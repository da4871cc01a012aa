package dev.slipway.security;

import java.util.Locale;

import dev.slipway.error.SlipwayException;

/**
 * A user's server-wide role. Each role includes the ones before it: a MAINTAINER can do
 * all an EDITOR can.
 */
public enum Role {

	/** Reads what their permissions let them read. */
	VIEWER,

	/** Also creates experiments and logs runs, creates model versions. */
	EDITOR,

	/** Also transitions stages, approves requests, deploys, and edits alert rules. */
	MAINTAINER,

	/** Also manages users, tokens and settings; has MANAGE on every resource. */
	ADMIN;

	/** Whether this role includes {@code other}. */
	public boolean includes(Role other) {
		return compareTo(other) >= 0;
	}

	/** The Spring Security authority of this role, e.g. {@code ROLE_EDITOR}. */
	public String authority() {
		return "ROLE_" + name();
	}

	/**
	 * Reads a role name, case-insensitively.
	 * @throws SlipwayException INVALID_ARGUMENT naming {@code field} for anything else
	 */
	public static Role parse(String field, String value) {
		if (value != null) {
			for (Role role : values()) {
				if (role.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
					return role;
				}
			}
		}
		throw SlipwayException.invalidArgument(field,
				"'" + value + "' is not a role; expected VIEWER, EDITOR, MAINTAINER or ADMIN");
	}

}
