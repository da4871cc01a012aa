package dev.slipway.home.web;

import dev.slipway.testsupport.OnPostgresql;

/**
 * {@link HomeBrowserTest} on PostgreSQL, in a schema of its own: the overview shows the
 * newest runs of the whole database, so other classes' runs must not crowd them out.
 */
@OnPostgresql(schema = "home-browser")
class HomeBrowserOnPostgresqlTest extends HomeBrowserTest {

}
