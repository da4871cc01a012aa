package dev.slipway.monitoring;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Row of {@code monitor_alert_rules}. Never leaves the monitoring services. */
@Entity
@Table(name = "monitor_alert_rules")
class AlertRuleEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "monitor_id", nullable = false)
	private long monitorId;

	@Column(name = "name", nullable = false, length = 250)
	private String name;

	@Column(name = "metric", nullable = false, length = 32)
	private String metric;

	@Column(name = "column_name", length = 250)
	private String column;

	@Column(name = "metric_name", length = 64)
	private String metricName;

	@Column(name = "condition_kind", nullable = false, length = 16)
	private String condition;

	@Column(name = "threshold")
	private Double threshold;

	@Column(name = "learned", nullable = false)
	private boolean learned;

	@Column(name = "baseline_from")
	private Long baselineFrom;

	@Column(name = "baseline_to")
	private Long baselineTo;

	@Column(name = "sigmas", nullable = false)
	private double sigmas;

	@Column(name = "grain", nullable = false, length = 1)
	private String grain;

	@Column(name = "cooldown_ms", nullable = false)
	private long cooldownMillis;

	@Column(name = "emails", length = 2000)
	private String emails;

	@Column(name = "state", nullable = false, length = 16)
	private String state;

	@Column(name = "state_since")
	private Long stateSince;

	@Column(name = "last_value")
	private Double lastValue;

	@Column(name = "last_window")
	private Long lastWindow;

	@Column(name = "last_fired_at")
	private Long lastFiredAt;

	@Column(name = "created_by", nullable = false, length = 256)
	private String createdBy;

	@Column(name = "created_at", nullable = false)
	private long createdAt;

	@Column(name = "updated_at", nullable = false)
	private long updatedAt;

	@Version
	@Column(name = "version", nullable = false)
	private long version;

	protected AlertRuleEntity() {
	}

	AlertRuleEntity(long monitorId, String name, AlertMetric metric, String column, String metricName,
			AlertCondition condition, Double threshold, boolean learned, Long baselineFrom, Long baselineTo,
			double sigmas, WindowUnit grain, long cooldownMillis, String emails, String createdBy, long now) {
		this.monitorId = monitorId;
		this.name = name;
		this.metric = metric.name();
		this.column = column;
		this.metricName = metricName;
		this.condition = condition.name();
		this.threshold = threshold;
		this.learned = learned;
		this.baselineFrom = baselineFrom;
		this.baselineTo = baselineTo;
		this.sigmas = sigmas;
		this.grain = grain.grain();
		this.cooldownMillis = cooldownMillis;
		this.emails = emails;
		this.state = AlertState.OK.name();
		this.createdBy = createdBy;
		this.createdAt = now;
		this.updatedAt = now;
	}

	AlertRule toDomain() {
		return new AlertRule(this.id, this.monitorId, this.name, AlertMetric.valueOf(this.metric), this.column,
				this.metricName, AlertCondition.valueOf(this.condition), this.threshold, this.learned,
				this.baselineFrom, this.baselineTo, this.sigmas, grain(), this.cooldownMillis,
				(this.emails != null && !this.emails.isBlank()) ? java.util.List.of(this.emails.split(","))
						: java.util.List.of(),
				AlertState.valueOf(this.state), this.stateSince, this.lastValue, this.lastWindow, this.version);
	}

	Long id() {
		return this.id;
	}

	long monitorId() {
		return this.monitorId;
	}

	String name() {
		return this.name;
	}

	WindowUnit grain() {
		return "H".equals(this.grain) ? WindowUnit.HOUR : WindowUnit.DAY;
	}

	Long lastWindow() {
		return this.lastWindow;
	}

	Long lastFiredAt() {
		return this.lastFiredAt;
	}

	long cooldownMillis() {
		return this.cooldownMillis;
	}

	AlertState state() {
		return AlertState.valueOf(this.state);
	}

	/** Records an evaluated window; a state change also sets when it began. */
	void evaluated(long window, Double value, AlertState state, long now) {
		if (state != state()) {
			this.state = state.name();
			this.stateSince = now;
			if (state == AlertState.FIRING) {
				this.lastFiredAt = now;
			}
		}
		this.lastWindow = (this.lastWindow == null) ? window : Math.max(this.lastWindow, window);
		this.lastValue = value;
		this.updatedAt = now;
	}

}
