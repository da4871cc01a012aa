package dev.slipway.tracking;

import dev.slipway.testsupport.OnPostgresql;

/** {@link RunPageTest} on PostgreSQL. */
@OnPostgresql
class RunPageOnPostgresqlTest extends RunPageTest {

}
