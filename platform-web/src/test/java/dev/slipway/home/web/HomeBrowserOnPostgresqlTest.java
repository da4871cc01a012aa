package dev.slipway.home.web;

import dev.slipway.testsupport.OnPostgresql;

/** {@link HomeBrowserTest} on PostgreSQL. */
@OnPostgresql
class HomeBrowserOnPostgresqlTest extends HomeBrowserTest {

}
