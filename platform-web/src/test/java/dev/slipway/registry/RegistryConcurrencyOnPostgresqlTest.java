package dev.slipway.registry;

import dev.slipway.testsupport.OnPostgresql;

/**
 * {@link RegistryConcurrencyTest} on PostgreSQL, where the row locks are PostgreSQL's
 * own.
 */
@OnPostgresql
class RegistryConcurrencyOnPostgresqlTest extends RegistryConcurrencyTest {

}
