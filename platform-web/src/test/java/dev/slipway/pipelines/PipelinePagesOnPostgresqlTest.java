package dev.slipway.pipelines;

import dev.slipway.testsupport.OnPostgresql;

/**
 * {@link PipelinePagesTest} on PostgreSQL, in a schema of its own: the list starts empty.
 */
@OnPostgresql(schema = "pipeline-pages")
class PipelinePagesOnPostgresqlTest extends PipelinePagesTest {

}
