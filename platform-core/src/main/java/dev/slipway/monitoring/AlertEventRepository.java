package dev.slipway.monitoring;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Hand-written SQL for {@code monitor_alert_events}: the state changes of alert rules.
 */
@Repository
class AlertEventRepository {

	private final JdbcClient jdbc;

	AlertEventRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(long ruleId, long monitorId, AlertState state, Double value, Double lower, Double upper,
			long windowStart, long now, String reason) {
		this.jdbc.sql(
				"INSERT INTO monitor_alert_events (rule_id, monitor_id, state, metric_value, lower_bound, upper_bound, "
						+ "window_start, occurred_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(ruleId, monitorId, state.name(), value, lower, upper, windowStart, now, reason)
			.update();
	}

	/** A monitor's latest state changes, newest first, at most {@code limit}. */
	List<AlertEvent> latest(long monitorId, int limit) {
		return this.jdbc
			.sql("SELECT e.rule_id, r.name, e.state, e.metric_value, e.lower_bound, e.upper_bound, e.window_start, "
					+ "e.occurred_at, e.reason FROM monitor_alert_events e JOIN monitor_alert_rules r ON r.id = e.rule_id "
					+ "WHERE e.monitor_id = ? ORDER BY e.id DESC FETCH FIRST " + limit + " ROWS ONLY")
			.params(monitorId)
			.query((rs, n) -> new AlertEvent(rs.getLong(1), rs.getString(2), AlertState.valueOf(rs.getString(3)),
					nullable(rs.getDouble(4), rs.wasNull()), nullable(rs.getDouble(5), rs.wasNull()),
					nullable(rs.getDouble(6), rs.wasNull()), rs.getLong(7), rs.getLong(8), rs.getString(9)))
			.list();
	}

	private static Double nullable(double value, boolean wasNull) {
		return wasNull ? null : value;
	}

}
