package dev.slipway.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.Auditable;

/**
 * An alert rule fired or resolved: published in the transaction of the evaluation, so the
 * audit trail records it there; webhooks, e-mail and (coming) retraining pipelines listen
 * for it.
 *
 * @param occurredAt epoch milliseconds
 * @param ruleId the rule
 * @param ruleName its name
 * @param monitorId the monitor
 * @param monitorName its name
 * @param modelId the registered model
 * @param modelName its name
 * @param state FIRING or OK (resolved)
 * @param metric what the rule watches
 * @param value the window's value
 * @param lower the lower bound, or null
 * @param upper the upper bound, or null
 * @param windowStart the evaluated window's start
 * @param reason why, in words
 */
public record MonitorAlert(long occurredAt, long ruleId, String ruleName, long monitorId, String monitorName,
		long modelId, String modelName, AlertState state, AlertMetric metric, Double value, Double lower, Double upper,
		long windowStart, String reason) implements Auditable {

	/**
	 * The event type webhooks subscribe to: {@code alert.firing} or
	 * {@code alert.resolved}.
	 */
	public String type() {
		return (this.state == AlertState.FIRING) ? "alert.firing" : "alert.resolved";
	}

	@Override
	public AuditEntry auditEntry() {
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("monitor", this.monitorName);
		after.put("rule", this.ruleName);
		after.put("state", this.state.name());
		after.put("metric", this.metric.name());
		after.put("value", this.value);
		after.put("lower", this.lower);
		after.put("upper", this.upper);
		after.put("window_start", this.windowStart);
		return new AuditEntry(this.occurredAt, "system", type(), "REGISTERED_MODEL", this.modelId, this.modelName, null,
				Map.of(), after, null, this.reason);
	}

}
