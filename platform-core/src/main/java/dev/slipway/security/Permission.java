package dev.slipway.security;

import java.util.Locale;

import dev.slipway.error.SlipwayException;

/**
 * A permission on one resource, in the spirit of MLflow's auth app. Each level includes
 * the ones before it.
 */
public enum Permission {

	/** Neither sees nor changes the resource. */
	NONE,

	/** Sees the resource and everything in it. */
	READ,

	/** Also changes it: logs runs, sets tags, renames. */
	EDIT,

	/** Also deletes and restores it and decides who else may use it. */
	MANAGE;

	/** Whether this permission includes {@code needed}. */
	public boolean includes(Permission needed) {
		return compareTo(needed) >= 0;
	}

	/**
	 * Reads a permission name, case-insensitively.
	 * @throws SlipwayException INVALID_ARGUMENT naming {@code field} for anything else
	 */
	public static Permission parse(String field, String value) {
		if (value != null) {
			for (Permission permission : values()) {
				if (permission.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
					return permission;
				}
			}
		}
		throw SlipwayException.invalidArgument(field,
				"'" + value + "' is not a permission; expected READ, EDIT, MANAGE or NONE");
	}

}
