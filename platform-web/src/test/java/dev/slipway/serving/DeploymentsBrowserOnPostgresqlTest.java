package dev.slipway.serving;

import dev.slipway.testsupport.OnPostgresql;

/**
 * {@link DeploymentsBrowserTest} on PostgreSQL, in a schema of its own: the model and
 * deployment names are fixed.
 */
@OnPostgresql(schema = "deployments-browser")
class DeploymentsBrowserOnPostgresqlTest extends DeploymentsBrowserTest {

}
