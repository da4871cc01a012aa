package dev.slipway.security;

import java.util.List;

/**
 * Who may use one resource (an experiment, a registered model).
 *
 * @param resource the resource's public key, as asked for (an experiment id, a model
 * name)
 * @param grants users with a permission of their own
 * @param resourceDefault what the resource gives users without a grant, or null to follow
 * the server default
 * @param effectiveDefault what users without a grant actually get
 */
public record ResourcePermissions(String resource, List<ResourceGrant> grants, Permission resourceDefault,
		Permission effectiveDefault) {
}
