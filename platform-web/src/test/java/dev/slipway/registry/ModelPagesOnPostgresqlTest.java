package dev.slipway.registry;

import dev.slipway.testsupport.OnPostgresql;

/** {@link ModelPagesTest} on PostgreSQL. */
@OnPostgresql
class ModelPagesOnPostgresqlTest extends ModelPagesTest {

}
