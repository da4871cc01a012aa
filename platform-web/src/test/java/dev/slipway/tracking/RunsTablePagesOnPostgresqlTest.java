package dev.slipway.tracking;

import dev.slipway.testsupport.OnPostgresql;

/** {@link RunsTablePagesTest} on PostgreSQL. */
@OnPostgresql
class RunsTablePagesOnPostgresqlTest extends RunsTablePagesTest {

}
