package dev.slipway.monitoring;

import dev.slipway.testsupport.OnPostgresql;

/**
 * {@link MonitoringBrowserTest} on PostgreSQL, in a schema of its own: the monitoring
 * home lists every monitor of the database, so other classes' monitors must not crowd it.
 */
@OnPostgresql(schema = "monitoring-browser")
class MonitoringBrowserOnPostgresqlTest extends MonitoringBrowserTest {

}
