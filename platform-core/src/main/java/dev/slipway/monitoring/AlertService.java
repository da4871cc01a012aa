package dev.slipway.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.security.CurrentUser;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Alert rules of monitors: what they watch, when they fire, and their history. Rules are
 * evaluated when a window closes ({@link MonitoringScheduler}) and on demand here.
 * Permissions follow the monitor's model (READ to look, EDIT to change or evaluate).
 */
@Service
@Transactional(readOnly = true)
public class AlertService {

	/** The most rules one monitor may have. */
	public static final int MAX_RULES_PER_MONITOR = 50;

	/** The most state changes one history read answers. */
	public static final int MAX_HISTORY = 500;

	/** The performance metrics a rule may name. */
	public static final List<String> PERFORMANCE_METRICS = List.of("accuracy", "precision", "recall", "f1", "roc_auc",
			"log_loss", "mae", "rmse", "mape", "bias");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+");

	private final AlertRuleRepository rules;

	private final MonitorRepository monitors;

	private final AlertEventRepository events;

	private final AlertEvaluation evaluation;

	private final Clock clock;

	AlertService(AlertRuleRepository rules, MonitorRepository monitors, AlertEventRepository events,
			AlertEvaluation evaluation, Clock clock) {
		this.rules = rules;
		this.monitors = monitors;
		this.events = events;
		this.evaluation = evaluation;
		this.clock = clock;
	}

	/** Adds a rule to a monitor. */
	@Transactional
	@PreAuthorize("@monitorAccess.monitor(#monitorId, 'EDIT')")
	public AlertRule create(long monitorId, NewAlertRule draft) {
		MonitorEntity monitor = this.monitors.lockById(monitorId)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND, "Monitor " + monitorId + " does not exist"));
		MonitorSchema schema = MonitorJson.read(monitor.schemaJson(), MonitorSchema.class);
		String name = (draft.name() != null) ? draft.name().strip() : "";
		if (name.isEmpty() || name.length() > MonitorService.MAX_NAME || name.indexOf('\0') >= 0) {
			throw invalid("name is required, at most " + MonitorService.MAX_NAME + " characters");
		}
		if (this.rules.existsByMonitorIdAndName(monitorId, name)) {
			throw new SlipwayException(ErrorCode.ALREADY_EXISTS,
					"Monitor " + monitorId + " has a rule named '" + name + "'");
		}
		if (this.rules.countByMonitorId(monitorId) >= MAX_RULES_PER_MONITOR) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Monitor " + monitorId + " already has " + MAX_RULES_PER_MONITOR + " rules, the most allowed");
		}
		if (draft.metric() == null) {
			throw invalid("metric is required: one of DATASET_DRIFT, FEATURE_DRIFT, PREDICTION_DRIFT, PERFORMANCE, "
					+ "VOLUME, NULL_SHARE, LABEL_COVERAGE");
		}
		AlertMetric metric = draft.metric();
		String column = null;
		String metricName = null;
		switch (metric) {
			case FEATURE_DRIFT, NULL_SHARE -> {
				column = draft.column();
				if (column == null || schema.column(column).isEmpty()) {
					throw invalid("column must name one of the monitor's columns for " + metric);
				}
			}
			case PREDICTION_DRIFT -> {
				if (schema.prediction() == null) {
					throw invalid("the monitor's schema names no prediction column");
				}
				column = schema.prediction();
			}
			case PERFORMANCE -> {
				metricName = (draft.metricName() != null) ? draft.metricName().strip().toLowerCase(Locale.ROOT) : null;
				if (!PERFORMANCE_METRICS.contains(metricName)) {
					throw invalid("metric_name must be one of " + String.join(", ", PERFORMANCE_METRICS));
				}
				if (schema.label() == null) {
					throw invalid("the monitor's schema has no label column, so it has no performance");
				}
			}
			case LABEL_COVERAGE -> {
				if (schema.label() == null) {
					throw invalid("the monitor's schema has no label column");
				}
			}
			default -> {
			}
		}
		boolean learned = Boolean.TRUE.equals(draft.learned());
		boolean driftMetric = metric == AlertMetric.DATASET_DRIFT || metric == AlertMetric.FEATURE_DRIFT
				|| metric == AlertMetric.PREDICTION_DRIFT;
		if (draft.threshold() != null && !Double.isFinite(draft.threshold())) {
			throw invalid("threshold must be a finite number");
		}
		if (!learned && draft.threshold() == null && !driftMetric) {
			throw invalid(metric + " needs a threshold, or learned bounds with a baseline");
		}
		if (learned && (draft.baselineFrom() == null || draft.baselineTo() == null
				|| draft.baselineFrom() >= draft.baselineTo())) {
			throw invalid("learned bounds need baseline_from < baseline_to");
		}
		double sigmas = (draft.sigmas() != null) ? draft.sigmas() : 3.0;
		if (!(sigmas > 0 && sigmas <= 10)) {
			throw invalid("sigmas must be above 0 and at most 10");
		}
		AlertCondition condition = (draft.condition() != null) ? draft.condition()
				: defaultCondition(metric, metricName);
		if (condition == AlertCondition.OUTSIDE && !learned) {
			throw invalid("OUTSIDE needs learned bounds; a fixed threshold is ABOVE or BELOW");
		}
		long cooldown = (draft.cooldownMillis() != null) ? draft.cooldownMillis() : Duration.ofHours(1).toMillis();
		if (cooldown < 0 || cooldown > Duration.ofDays(30).toMillis()) {
			throw invalid("cooldown must be between 0 and 30 days");
		}
		List<String> emails = new ArrayList<>();
		if (draft.emails() != null) {
			for (String email : draft.emails()) {
				if (email == null || !EMAIL.matcher(email.strip()).matches() || email.length() > 254) {
					throw invalid("emails: '" + email + "' is not an e-mail address");
				}
				emails.add(email.strip());
			}
		}
		if (emails.size() > 20) {
			throw invalid("emails: at most 20 recipients");
		}
		WindowUnit grain = (draft.grain() != null) ? draft.grain() : WindowUnit.DAY;
		if (grain == WindowUnit.HOUR && WindowUnit.valueOf(monitor.windowUnit()) == WindowUnit.DAY) {
			throw invalid("a daily monitor has no hour windows to evaluate");
		}
		AlertRuleEntity entity = new AlertRuleEntity(monitorId, name, metric, column, metricName, condition,
				draft.threshold(), learned, draft.baselineFrom(), draft.baselineTo(), sigmas, grain, cooldown,
				String.join(",", emails), CurrentUser.require().username(), this.clock.millis());
		return this.rules.saveAndFlush(entity).toDomain();
	}

	/** A monitor's rules, oldest first. */
	@PreAuthorize("@monitorAccess.monitor(#monitorId, 'READ')")
	public List<AlertRule> list(long monitorId) {
		requireMonitor(monitorId);
		return this.rules.findByMonitorIdOrderByIdAsc(monitorId).stream().map(AlertRuleEntity::toDomain).toList();
	}

	/** Deletes a rule of a monitor, with its history. */
	@Transactional
	@PreAuthorize("@monitorAccess.monitor(#monitorId, 'EDIT')")
	public void delete(long monitorId, long ruleId) {
		AlertRuleEntity rule = this.rules.findById(ruleId)
			.filter((r) -> r.monitorId() == monitorId)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND,
					"Monitor " + monitorId + " has no alert rule " + ruleId));
		this.rules.delete(rule);
	}

	/** A monitor's latest alert state changes, newest first. */
	@PreAuthorize("@monitorAccess.monitor(#monitorId, 'READ')")
	public List<AlertEvent> history(long monitorId, int maxResults) {
		if (maxResults < 1 || maxResults > MAX_HISTORY) {
			throw invalid("max_results must be between 1 and " + MAX_HISTORY);
		}
		requireMonitor(monitorId);
		return this.events.latest(monitorId, maxResults);
	}

	/** Evaluates every rule of the monitor on its latest window now, closed or not. */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	@PreAuthorize("@monitorAccess.monitor(#monitorId, 'EDIT')")
	public List<AlertRule> evaluate(long monitorId) {
		requireMonitor(monitorId);
		List<AlertRule> evaluated = new ArrayList<>();
		for (AlertRuleEntity rule : this.rules.findByMonitorIdOrderByIdAsc(monitorId)) {
			this.evaluation.evaluate(rule.id(), true).ifPresent(evaluated::add);
		}
		return evaluated;
	}

	private void requireMonitor(long monitorId) {
		if (this.monitors.findById(monitorId).isEmpty()) {
			throw new SlipwayException(ErrorCode.NOT_FOUND, "Monitor " + monitorId + " does not exist");
		}
	}

	private static AlertCondition defaultCondition(AlertMetric metric, String metricName) {
		if (metric == AlertMetric.LABEL_COVERAGE) {
			return AlertCondition.BELOW;
		}
		if (metric == AlertMetric.PERFORMANCE
				&& List.of("accuracy", "precision", "recall", "f1", "roc_auc").contains(metricName)) {
			return AlertCondition.BELOW;
		}
		return AlertCondition.ABOVE;
	}

	private static SlipwayException invalid(String message) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT, message);
	}

}
