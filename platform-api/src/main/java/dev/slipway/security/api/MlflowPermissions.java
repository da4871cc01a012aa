package dev.slipway.security.api;

import dev.slipway.error.SlipwayException;
import dev.slipway.security.Permission;

import org.springframework.modulith.NamedInterface;

/** MLflow's names of permissions: READ, EDIT, MANAGE and NO_PERMISSIONS (our NONE). */
@NamedInterface("mlflow-permissions")
public final class MlflowPermissions {

	private MlflowPermissions() {
	}

	/** MLflow's name of a permission. */
	public static String name(Permission permission) {
		return (permission == Permission.NONE) ? "NO_PERMISSIONS" : permission.name();
	}

	/**
	 * Reads MLflow's name of a permission.
	 * @throws SlipwayException INVALID_ARGUMENT for anything else
	 */
	public static Permission parse(String field, String value) {
		if ("NO_PERMISSIONS".equalsIgnoreCase(value)) {
			return Permission.NONE;
		}
		if ("NONE".equalsIgnoreCase(value)) {
			throw SlipwayException.invalidArgument(field, "'NONE' is not a permission; MLflow calls it NO_PERMISSIONS");
		}
		return Permission.parse(field, value);
	}

}
