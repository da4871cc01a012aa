package dev.slipway.serving;

import dev.slipway.testsupport.OnPostgresql;

/**
 * {@link DeploymentPagesTest} on PostgreSQL, in a schema of its own: the list starts
 * empty.
 */
@OnPostgresql(schema = "deployment-pages")
class DeploymentPagesOnPostgresqlTest extends DeploymentPagesTest {

}
