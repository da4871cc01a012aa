package dev.slipway.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Prometheus gauges of every monitor's latest day window, from the stored results:
 * {@code slipway_drift_share}, {@code slipway_drift_score} per feature,
 * {@code slipway_model_metric} per performance metric, {@code slipway_label_coverage},
 * {@code slipway_monitor_rows} and {@code slipway_alerts_firing} per rule. Tagged with
 * the model and monitor (and feature, metric or rule), so Grafana can chart and alert on
 * them.
 */
@Component
class MonitoringGauges {

	private final JdbcClient jdbc;

	private final MultiGauge driftShare;

	private final MultiGauge driftScore;

	private final MultiGauge modelMetric;

	private final MultiGauge labelCoverage;

	private final MultiGauge rows;

	private final MultiGauge alertsFiring;

	private final MonitorRepository monitors;

	private final dev.slipway.registry.ModelDirectory models;

	MonitoringGauges(JdbcClient jdbc, MeterRegistry registry, MonitorRepository monitors,
			dev.slipway.registry.ModelDirectory models) {
		this.jdbc = jdbc;
		this.monitors = monitors;
		this.models = models;
		this.driftShare = MultiGauge.builder("slipway.drift.share")
			.description("Share of drifted features in the monitor's latest day window")
			.register(registry);
		this.driftScore = MultiGauge.builder("slipway.drift.score")
			.description("A feature's drift score (p-value or distance, see the method tag) in the latest day window")
			.register(registry);
		this.modelMetric = MultiGauge.builder("slipway.model.metric")
			.description("A performance metric from labels in the latest day window")
			.register(registry);
		this.labelCoverage = MultiGauge.builder("slipway.label.coverage")
			.description("Share of the latest day window's predictions that have a label")
			.register(registry);
		this.rows = MultiGauge.builder("slipway.monitor.rows")
			.description("Rows profiled in the monitor's latest day window")
			.register(registry);
		this.alertsFiring = MultiGauge.builder("slipway.alerts.firing")
			.description("1 while an alert rule fires, else 0")
			.register(registry);
	}

	/** Re-reads the latest results and alert states; at most one row per monitor. */
	void refresh() {
		List<MultiGauge.Row<?>> share = new ArrayList<>();
		List<MultiGauge.Row<?>> score = new ArrayList<>();
		List<MultiGauge.Row<?>> metric = new ArrayList<>();
		List<MultiGauge.Row<?>> coverage = new ArrayList<>();
		List<MultiGauge.Row<?>> volume = new ArrayList<>();
		List<MultiGauge.Row<?>> firing = new ArrayList<>();
		List<Object[]> latest = this.jdbc
			.sql("SELECT r.monitor_id, r.result_json FROM monitor_results r WHERE r.grain = 'D' AND r.window_start = "
					+ "(SELECT MAX(x.window_start) FROM monitor_results x WHERE x.monitor_id = r.monitor_id AND x.grain = 'D')")
			.query((rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) })
			.list();
		for (Object[] row : latest) {
			long monitorId = (Long) row[0];
			MonitorEntity monitor = this.monitors.findById(monitorId).orElse(null);
			if (monitor == null) {
				continue;
			}
			String model = this.models.names(List.of(monitor.modelId())).getOrDefault(monitor.modelId(), "");
			Tags tags = Tags.of("model", model, "monitor", monitor.name());
			WindowReport report = MonitorJson.read((String) row[1], WindowReport.class);
			if (Double.isFinite(report.driftShare())) {
				share.add(MultiGauge.Row.of(tags, report.driftShare()));
			}
			volume.add(MultiGauge.Row.of(tags, report.rows()));
			List<FeatureDrift> features = new ArrayList<>(report.features());
			if (report.prediction() != null) {
				features.add(report.prediction());
			}
			for (FeatureDrift feature : features) {
				if (Double.isFinite(feature.score())) {
					score.add(MultiGauge.Row.of(tags.and("feature", feature.column(), "method", feature.method()),
							feature.score()));
				}
			}
			if (report.performance() != null) {
				for (Map.Entry<String, Double> m : report.performance().metrics().entrySet()) {
					if (m.getValue() != null && Double.isFinite(m.getValue())) {
						metric.add(MultiGauge.Row.of(tags.and("metric", m.getKey()), m.getValue()));
					}
				}
				if (report.performance().coverage() != null) {
					coverage.add(MultiGauge.Row.of(tags, report.performance().coverage()));
				}
			}
		}
		this.jdbc.sql("SELECT r.monitor_id, r.name, r.state FROM monitor_alert_rules r ORDER BY r.id")
			.query((rs, n) -> {
				MonitorEntity monitor = this.monitors.findById(rs.getLong(1)).orElse(null);
				if (monitor != null) {
					String model = this.models.names(List.of(monitor.modelId())).getOrDefault(monitor.modelId(), "");
					firing.add(MultiGauge.Row.of(
							Tags.of("model", model, "monitor", monitor.name(), "rule", rs.getString(2)),
							AlertState.FIRING.name().equals(rs.getString(3)) ? 1 : 0));
				}
				return null;
			})
			.list();
		this.driftShare.register(share, true);
		this.driftScore.register(score, true);
		this.modelMetric.register(metric, true);
		this.labelCoverage.register(coverage, true);
		this.rows.register(volume, true);
		this.alertsFiring.register(firing, true);
	}

}
