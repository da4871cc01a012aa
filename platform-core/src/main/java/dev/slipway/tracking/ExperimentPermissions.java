package dev.slipway.tracking;

import java.util.List;

import dev.slipway.security.Permission;
import dev.slipway.security.ResourceGrant;

/**
 * Who may use an experiment.
 *
 * @param experimentId the experiment's public id
 * @param grants users with a permission of their own
 * @param experimentDefault what the experiment gives users without a grant, or null to
 * follow the server default
 * @param effectiveDefault what users without a grant actually get
 */
public record ExperimentPermissions(String experimentId, List<ResourceGrant> grants, Permission experimentDefault,
		Permission effectiveDefault) {
}
