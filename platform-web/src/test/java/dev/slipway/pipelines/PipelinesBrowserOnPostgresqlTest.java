package dev.slipway.pipelines;

import dev.slipway.testsupport.OnPostgresql;

/**
 * {@link PipelinesBrowserTest} on PostgreSQL, in a schema of its own: the list starts
 * empty and the pipeline names are fixed.
 */
@OnPostgresql(schema = "pipelines-browser")
class PipelinesBrowserOnPostgresqlTest extends PipelinesBrowserTest {

}
