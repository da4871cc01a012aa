package dev.slipway.tracking;

import dev.slipway.testsupport.OnPostgresql;

/** {@link ExperimentsBrowserTest} on PostgreSQL. */
@OnPostgresql
class ExperimentsBrowserOnPostgresqlTest extends ExperimentsBrowserTest {

}
