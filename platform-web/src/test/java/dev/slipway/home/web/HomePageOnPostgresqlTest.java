package dev.slipway.home.web;

import dev.slipway.testsupport.OnPostgresql;

/** {@link HomePageTest} on PostgreSQL. */
@OnPostgresql
class HomePageOnPostgresqlTest extends HomePageTest {

}
