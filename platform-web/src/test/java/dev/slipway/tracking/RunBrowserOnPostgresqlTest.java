package dev.slipway.tracking;

import dev.slipway.testsupport.OnPostgresql;

/** {@link RunBrowserTest} on PostgreSQL. */
@OnPostgresql
class RunBrowserOnPostgresqlTest extends RunBrowserTest {

}
