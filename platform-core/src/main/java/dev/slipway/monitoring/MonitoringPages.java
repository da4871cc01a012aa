package dev.slipway.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.Page;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The monitoring pages' reads, one call per page: the home's cards with status and
 * sparklines, a monitor's dashboard, and a column's drill-down.
 */
@Service
@Transactional
public class MonitoringPages {

	/** Days of history on the home's sparklines. */
	public static final int SPARKLINE_DAYS = 30;

	/** Monitors the home shows. */
	public static final int HOME_MONITORS = 100;

	private final MonitorService monitors;

	private final MonitorRepository repository;

	private final AlertRuleRepository rules;

	private final AlertEventRepository events;

	private final Clock clock;

	MonitoringPages(MonitorService monitors, MonitorRepository repository, AlertRuleRepository rules,
			AlertEventRepository events, Clock clock) {
		this.monitors = monitors;
		this.repository = repository;
		this.rules = rules;
		this.events = events;
		this.clock = clock;
	}

	/** How a monitored model is doing. */
	public enum Status {

		/** Data arrives and neither drift nor a performance alert stands. */
		HEALTHY,

		/** The latest day drifts, or a drift alert fires. */
		DRIFTING,

		/** A performance or label-coverage alert fires. */
		DEGRADED,

		/** No window has data yet. */
		NO_DATA

	}

	/**
	 * A monitor on the home page.
	 *
	 * @param monitor the monitor
	 * @param status its status
	 * @param latest the latest day's report, or null
	 * @param driftShares the drift share of each of the last days with data (null where
	 * no reference), oldest first
	 * @param metricName the main performance metric (accuracy, or MAE for regression), or
	 * null
	 * @param metricValues that metric per day, oldest first
	 * @param firing how many rules fire
	 */
	public record Card(Monitor monitor, Status status, WindowReport latest, List<Double> driftShares, String metricName,
			List<Double> metricValues, int firing) {
	}

	/**
	 * A monitor's dashboard.
	 *
	 * @param monitor the monitor
	 * @param grain the windows shown
	 * @param from the range's start, epoch milliseconds
	 * @param to the range's end, exclusive
	 * @param reports the windows' reports, oldest first
	 * @param selected the report the feature table shows (the latest, or the one asked)
	 * @param rules the alert rules
	 * @param events the latest alert state changes
	 * @param prediction the prediction column's reference and selected window, or null
	 */
	public record Dashboard(Monitor monitor, WindowUnit grain, long from, long to, List<WindowReport> reports,
			WindowReport selected, List<AlertRule> rules, List<AlertEvent> events, ColumnHistory prediction) {
	}

	/**
	 * A column's drill-down.
	 *
	 * @param monitor the monitor
	 * @param history the column's reference and window summaries
	 * @param drift the column's drift in each window, oldest first (aligned with the
	 * history's windows)
	 */
	public record ColumnPage(Monitor monitor, ColumnHistory history, List<FeatureDrift> drift) {
	}

	/** The home's cards: the monitors the caller may read, oldest first. */
	@PreAuthorize("isAuthenticated()")
	public List<Card> home() {
		Page<Monitor> page = this.monitors.list(null, null, HOME_MONITORS);
		long now = this.clock.millis();
		List<Card> cards = new ArrayList<>();
		for (Monitor monitor : page.items()) {
			MonitorEntity entity = this.repository.findById(monitor.id()).orElse(null);
			if (entity == null) {
				continue;
			}
			List<WindowReport> reports = this.monitors.reports(entity, WindowUnit.DAY,
					now - Duration.ofDays(SPARKLINE_DAYS).toMillis(), Long.MAX_VALUE, SPARKLINE_DAYS);
			List<AlertRule> rules = this.rules.findByMonitorIdOrderByIdAsc(monitor.id())
				.stream()
				.map(AlertRuleEntity::toDomain)
				.toList();
			String metric = mainMetric(monitor.schema());
			List<Double> shares = new ArrayList<>();
			List<Double> values = new ArrayList<>();
			for (WindowReport report : reports) {
				shares.add(Double.isFinite(report.driftShare()) ? report.driftShare() : null);
				values
					.add((metric != null && report.performance() != null) ? report.performance().metric(metric) : null);
			}
			WindowReport latest = reports.isEmpty() ? null : reports.get(reports.size() - 1);
			int firing = (int) rules.stream().filter((r) -> r.state() == AlertState.FIRING).count();
			cards.add(new Card(monitor, status(latest, rules), latest, shares, metric, values, firing));
		}
		return cards;
	}

	/** A monitor's dashboard over {@code [from, to)}, with one window selected. */
	@PreAuthorize("@monitorAccess.monitor(#id, 'READ')")
	public Dashboard dashboard(long id, WindowUnit grain, Long from, Long to, Long selectedStart) {
		Monitor monitor = this.monitors.get(id);
		MonitorEntity entity = this.repository.findById(id).orElseThrow();
		long end = (to != null) ? to : Long.MAX_VALUE;
		long start = (from != null) ? from : grain.start(this.clock.millis(), ZoneId.of(monitor.timeZone()))
				- ((grain == WindowUnit.HOUR) ? Duration.ofDays(2) : Duration.ofDays(60)).toMillis();
		List<WindowReport> reports = this.monitors.reports(entity, grain, start, end, MonitorService.MAX_WINDOWS);
		WindowReport selected = reports.isEmpty() ? null : reports.get(reports.size() - 1);
		if (selectedStart != null) {
			selected = reports.stream().filter((r) -> r.start() == selectedStart).findFirst().orElse(selected);
		}
		List<AlertRule> rules = this.rules.findByMonitorIdOrderByIdAsc(id)
			.stream()
			.map(AlertRuleEntity::toDomain)
			.toList();
		ColumnHistory prediction = (monitor.schema().prediction() != null && selected != null) ? this.monitors
			.columnHistory(id, monitor.schema().prediction(), grain, selected.start(), selected.start() + 1, 1) : null;
		return new Dashboard(monitor, grain, start, end, reports, selected, rules, this.events.latest(id, 20),
				prediction);
	}

	/** A column's drill-down over {@code [from, to)}. */
	@PreAuthorize("@monitorAccess.monitor(#id, 'READ')")
	public ColumnPage column(long id, String column, WindowUnit grain, Long from, Long to) {
		Monitor monitor = this.monitors.get(id);
		if (monitor.schema().column(column).isEmpty()) {
			throw new SlipwayException(ErrorCode.NOT_FOUND, "Monitor " + id + " has no column '" + column + "'");
		}
		MonitorEntity entity = this.repository.findById(id).orElseThrow();
		long end = (to != null) ? to : Long.MAX_VALUE;
		long start = (from != null) ? from : 0;
		ColumnHistory history = this.monitors.columnHistory(id, column, grain, start, end, MonitorService.MAX_WINDOWS);
		java.util.Map<Long, FeatureDrift> byStart = new java.util.HashMap<>();
		for (WindowReport report : this.monitors.reports(entity, grain, start, end, MonitorService.MAX_WINDOWS)) {
			FeatureDrift found = column.equals(monitor.schema().prediction()) ? report.prediction()
					: report.features().stream().filter((f) -> f.column().equals(column)).findFirst().orElse(null);
			if (found != null) {
				byStart.put(report.start(), found);
			}
		}
		List<FeatureDrift> drift = new ArrayList<>();
		history.windows().forEach((w) -> drift.add(byStart.get(w.start())));
		return new ColumnPage(monitor, history, drift);
	}

	private static String mainMetric(MonitorSchema schema) {
		if (schema.label() == null || schema.task() == null) {
			return null;
		}
		return (schema.task() == MonitorSchema.Task.REGRESSION) ? "mae" : "accuracy";
	}

	private static Status status(WindowReport latest, List<AlertRule> rules) {
		boolean degraded = rules.stream()
			.anyMatch((r) -> r.state() == AlertState.FIRING
					&& (r.metric() == AlertMetric.PERFORMANCE || r.metric() == AlertMetric.LABEL_COVERAGE));
		if (degraded) {
			return Status.DEGRADED;
		}
		boolean driftAlert = rules.stream()
			.anyMatch((r) -> r.state() == AlertState.FIRING && (r.metric() == AlertMetric.DATASET_DRIFT
					|| r.metric() == AlertMetric.FEATURE_DRIFT || r.metric() == AlertMetric.PREDICTION_DRIFT));
		if (latest == null) {
			return driftAlert ? Status.DRIFTING : Status.NO_DATA;
		}
		return (driftAlert || latest.verdict() == Verdict.DRIFT) ? Status.DRIFTING : Status.HEALTHY;
	}

}
