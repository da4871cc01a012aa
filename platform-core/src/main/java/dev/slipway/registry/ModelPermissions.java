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
}
