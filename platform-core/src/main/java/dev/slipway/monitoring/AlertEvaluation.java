package dev.slipway.monitoring;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.slipway.registry.ModelDirectory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Evaluates one alert rule on one window, in a transaction of its own under the rule's
 * row lock, so that a window is judged once however many replicas try. A state change is
 * recorded, audited and published ({@link MonitorAlert}).
 */
@Component
class AlertEvaluation {

	private final AlertRuleRepository rules;

	private final MonitorRepository monitors;

	private final AlertEventRepository events;

	private final ProfileRepository profiles;

	private final MonitorService service;

	private final ModelDirectory models;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	AlertEvaluation(AlertRuleRepository rules, MonitorRepository monitors, AlertEventRepository events,
			ProfileRepository profiles, MonitorService service, ModelDirectory models,
			ApplicationEventPublisher publisher, Clock clock) {
		this.rules = rules;
		this.monitors = monitors;
		this.events = events;
		this.profiles = profiles;
		this.service = service;
		this.models = models;
		this.publisher = publisher;
		this.clock = clock;
	}

	/** A value with its bounds and whether it breaks them. */
	record Judgement(Double value, Double lower, Double upper, boolean breached, String reason) {
	}

	/**
	 * Evaluates the rule on its latest window: the latest closed one (scheduled: only
	 * when newer than the last evaluated), or the latest one with data (on demand).
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Optional<AlertRule> evaluate(long ruleId, boolean onDemand) {
		Optional<AlertRuleEntity> found = this.rules.lockById(ruleId);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		AlertRuleEntity rule = found.get();
		MonitorEntity monitor = this.monitors.findById(rule.monitorId()).orElse(null);
		if (monitor == null) {
			return Optional.empty();
		}
		long now = this.clock.millis();
		WindowUnit grain = rule.grain();
		ZoneId zone = ZoneId.of(monitor.timeZone());
		long before = onDemand ? Long.MAX_VALUE : grain.start(now, zone);
		List<Long> latest = this.profiles.starts(monitor.id(), grain.grain(), Long.MIN_VALUE, before, 1);
		if (latest.isEmpty() || (!onDemand && rule.lastWindow() != null && latest.get(0) <= rule.lastWindow())) {
			return Optional.of(rule.toDomain());
		}
		long window = latest.get(0);
		List<WindowReport> reports = this.service.reports(monitor, grain, window, window + 1, 1);
		if (reports.isEmpty()) {
			return Optional.of(rule.toDomain());
		}
		AlertRule domain = rule.toDomain();
		Judgement judgement = judge(domain, reports.get(0), monitor, grain);
		AlertState next = rule.state();
		if (judgement.value() != null || judgement.breached()) {
			next = judgement.breached() ? AlertState.FIRING : AlertState.OK;
		}
		if (next == AlertState.FIRING && rule.state() == AlertState.OK && rule.lastFiredAt() != null
				&& now - rule.lastFiredAt() < rule.cooldownMillis()) {
			next = AlertState.OK;
		}
		if (next != rule.state()) {
			String reason = (next == AlertState.FIRING) ? judgement.reason()
					: "back within bounds: " + judgement.reason();
			this.events.insert(ruleId, monitor.id(), next, judgement.value(), judgement.lower(), judgement.upper(),
					window, now, reason);
			this.publisher.publishEvent(new MonitorAlert(now, ruleId, rule.name(), monitor.id(), monitor.name(),
					monitor.modelId(), this.models.names(List.of(monitor.modelId())).get(monitor.modelId()), next,
					domain.metric(), judgement.value(), judgement.lower(), judgement.upper(), window, reason));
		}
		rule.evaluated(window, judgement.value(), next, now);
		return Optional.of(this.rules.saveAndFlush(rule).toDomain());
	}

	/** The rule's value in the report, its bounds, and whether it breaks them. */
	Judgement judge(AlertRule rule, WindowReport report, MonitorEntity monitor, WindowUnit grain) {
		Double value = value(rule, report);
		String what = describe(rule);
		if (rule.learned()) {
			List<Double> baseline = new ArrayList<>();
			for (WindowReport past : this.service.reports(monitor, grain, rule.baselineFrom(), rule.baselineTo(),
					MonitorService.MAX_WINDOWS)) {
				Double v = value(rule, past);
				if (v != null) {
					baseline.add(v);
				}
			}
			if (baseline.size() < 2 || value == null) {
				return new Judgement(value, null, null, false, what + ": not enough baseline windows or no value");
			}
			double mean = baseline.stream().mapToDouble(Double::doubleValue).average().orElse(0);
			double variance = baseline.stream().mapToDouble((v) -> (v - mean) * (v - mean)).sum() / baseline.size();
			double lower = mean - rule.sigmas() * Math.sqrt(variance);
			double upper = mean + rule.sigmas() * Math.sqrt(variance);
			boolean breached = switch (rule.condition()) {
				case ABOVE -> value > upper;
				case BELOW -> value < lower;
				case OUTSIDE -> value > upper || value < lower;
			};
			return new Judgement(value, lower, upper, breached,
					String.format(Locale.ROOT, "%s is %.4g, learned bounds %.4g to %.4g (mean ± %.1fσ of %d windows)",
							what, value, lower, upper, rule.sigmas(), baseline.size()));
		}
		if (rule.threshold() == null) {
			boolean drift = switch (rule.metric()) {
				case DATASET_DRIFT -> report.verdict() == Verdict.DRIFT;
				case PREDICTION_DRIFT -> report.prediction() != null && report.prediction().verdict() == Verdict.DRIFT;
				default -> feature(report, rule.column()).map((f) -> f.verdict() == Verdict.DRIFT).orElse(false);
			};
			return new Judgement(value, null, null, drift, what + (drift ? " drifted" : " did not drift")
					+ ((value != null) ? String.format(Locale.ROOT, " (score %.4g)", value) : ""));
		}
		double threshold = rule.threshold();
		boolean breached = value != null
				&& ((rule.condition() == AlertCondition.BELOW) ? value < threshold : value >= threshold);
		Double lower = (rule.condition() == AlertCondition.BELOW) ? threshold : null;
		Double upper = (rule.condition() == AlertCondition.BELOW) ? null : threshold;
		return new Judgement(value, lower, upper, breached,
				(value != null) ? String.format(Locale.ROOT, "%s is %.4g, %s %.4g", what, value,
						(rule.condition() == AlertCondition.BELOW) ? "bound: at least" : "bound: below", threshold)
						: what + " has no value");
	}

	/** The rule's value in one window, or null when the window has none. */
	static Double value(AlertRule rule, WindowReport report) {
		return switch (rule.metric()) {
			case DATASET_DRIFT -> finite(report.driftShare());
			case FEATURE_DRIFT -> feature(report, rule.column()).map((f) -> finite(f.score())).orElse(null);
			case PREDICTION_DRIFT -> (report.prediction() != null) ? finite(report.prediction().score()) : null;
			case PERFORMANCE -> (report.performance() != null) ? report.performance().metric(rule.metricName()) : null;
			case VOLUME -> (double) report.rows();
			case NULL_SHARE -> feature(report, rule.column())
				.map((f) -> (f.count() + f.nulls() > 0) ? (double) f.nulls() / (f.count() + f.nulls()) : null)
				.orElse(null);
			case LABEL_COVERAGE -> (report.performance() != null) ? report.performance().coverage() : null;
		};
	}

	private static Optional<FeatureDrift> feature(WindowReport report, String column) {
		if (report.prediction() != null && report.prediction().column().equals(column)) {
			return Optional.of(report.prediction());
		}
		return report.features().stream().filter((f) -> f.column().equals(column)).findFirst();
	}

	private static Double finite(double value) {
		return Double.isFinite(value) ? value : null;
	}

	private static String describe(AlertRule rule) {
		return switch (rule.metric()) {
			case DATASET_DRIFT -> "the drifted share of features";
			case FEATURE_DRIFT -> "feature " + rule.column();
			case PREDICTION_DRIFT -> "the prediction";
			case PERFORMANCE -> rule.metricName();
			case VOLUME -> "the row count";
			case NULL_SHARE -> "the missing share of " + rule.column();
			case LABEL_COVERAGE -> "the label coverage";
		};
	}

}
