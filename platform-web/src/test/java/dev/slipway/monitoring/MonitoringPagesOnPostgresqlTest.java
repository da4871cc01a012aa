package dev.slipway.monitoring;

import dev.slipway.testsupport.OnPostgresql;

/** {@link MonitoringPagesTest} on PostgreSQL. */
@OnPostgresql
class MonitoringPagesOnPostgresqlTest extends MonitoringPagesTest {

}
