package dev.slipway.tracking;

import dev.slipway.testsupport.OnPostgresql;

/** {@link ExperimentsPagesTest} on PostgreSQL. */
@OnPostgresql
class ExperimentsPagesOnPostgresqlTest extends ExperimentsPagesTest {

}
