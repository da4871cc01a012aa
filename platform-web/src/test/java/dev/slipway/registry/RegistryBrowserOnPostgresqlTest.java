package dev.slipway.registry;

import dev.slipway.testsupport.OnPostgresql;

/** {@link RegistryBrowserTest} on PostgreSQL. */
@OnPostgresql
class RegistryBrowserOnPostgresqlTest extends RegistryBrowserTest {

}
