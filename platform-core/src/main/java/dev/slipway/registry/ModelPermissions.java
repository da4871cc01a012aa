package dev.slipway.registry;

import java.util.List;

import dev.slipway.security.Permission;
import dev.slipway.security.ResourceGrant;

/**
 * Who may use a registered model.
 *
 * @param name the registered model's name
 * @param grants users with a permission of their own
 * @param modelDefault what the model gives users without a grant, or null to follow the
 * server default
 * @param effectiveDefault what users without a grant actually get
 */
public record ModelPermissions(String name, List<ResourceGrant> grants, Permission modelDefault,
		Permission effectiveDefault) {

	/**
	 * One user's own permission on a model, with the account's id (MLflow's auth app
	 * answers {@code user_id}).
	 *
	 * @param userId the account's surrogate key
	 * @param username the account's name
	 * @param permission what they may do
	 * @param grantedAt epoch millis of the grant
	 */
	public record UserGrant(long userId, String username, Permission permission, long grantedAt) {
	}

}
