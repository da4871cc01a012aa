package dev.slipway.web;

import dev.slipway.testsupport.OnPostgresql;

/**
 * {@link ApiFuzzTest} on PostgreSQL, which refuses what H2 stores (a NUL character, a
 * number beyond its column), so that a value slipping past the edge fails here as a 500.
 */
@OnPostgresql(schema = "api-fuzz")
class ApiFuzzOnPostgresqlTest extends ApiFuzzTest {

}
