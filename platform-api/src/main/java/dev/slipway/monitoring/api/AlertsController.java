package dev.slipway.monitoring.api;

import java.util.List;
import java.util.Locale;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.Refusal;
import dev.slipway.monitoring.AlertCondition;
import dev.slipway.monitoring.AlertEvent;
import dev.slipway.monitoring.AlertMetric;
import dev.slipway.monitoring.AlertRule;
import dev.slipway.monitoring.AlertService;
import dev.slipway.monitoring.NewAlertRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A monitor's alert rules over REST: add, list, delete, evaluate now, and the history of
 * state changes. Who may do what is decided by {@link AlertService}.
 */
@Tag(name = "Monitoring alerts", description = "Alert rules of a monitor, their evaluation and history")
@RestController
@RequestMapping("/api/v1/monitors/{id}/alerts")
class AlertsController {

	/** State changes one history read holds when the caller names no number. */
	static final int DEFAULT_HISTORY = 100;

	private final AlertService alerts;

	AlertsController(AlertService alerts) {
		this.alerts = alerts;
	}

	/**
	 * A new rule; a bound is a fixed threshold, or learned from a baseline of windows.
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record NewRuleJson(String name, String metric, String column, String metricName, String condition, Double threshold,
			Boolean learned, String baselineFrom, String baselineTo, Double sigmas, String grain, Long cooldownSeconds,
			List<String> emails) {
	}

	/** A rule and its state. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record RuleJson(long id, long monitorId, String name, String metric, String column, String metricName,
			String condition, Double threshold, boolean learned, Long baselineFrom, Long baselineTo, double sigmas,
			String grain, long cooldownSeconds, List<String> emails, String state, Long stateSince, Double lastValue,
			Long lastWindow, long version) {

		static RuleJson of(AlertRule r) {
			return new RuleJson(r.id(), r.monitorId(), r.name(), r.metric().name(), r.column(), r.metricName(),
					r.condition().name(), r.threshold(), r.learned(), r.baselineFrom(), r.baselineTo(), r.sigmas(),
					r.grain().name().toLowerCase(Locale.ROOT), r.cooldownMillis() / 1000, r.emails(), r.state().name(),
					r.stateSince(), r.lastValue(), r.lastWindow(), r.version());
		}

	}

	/** Rules. */
	record RulesJson(List<RuleJson> rules) {
	}

	/** One state change. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record EventJson(long ruleId, String ruleName, String state, Double value, Double lowerBound, Double upperBound,
			long windowStart, long occurredAt, String reason) {

		static EventJson of(AlertEvent e) {
			return new EventJson(e.ruleId(), e.ruleName(), e.state().name(), e.value(), e.lower(), e.upper(),
					e.windowStart(), e.occurredAt(), e.reason());
		}

	}

	/** State changes, newest first. */
	record EventsJson(List<EventJson> events) {
	}

	@Operation(summary = "Add an alert rule to a monitor")
	@Refusal(code = ErrorCode.ALREADY_EXISTS, when = "the monitor has a rule of this name")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the monitor has the most rules allowed")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	RuleJson create(@PathVariable long id, @RequestBody NewRuleJson r) {
		if (r.cooldownSeconds() != null && (r.cooldownSeconds() < 0 || r.cooldownSeconds() > 30L * 86_400)) {
			throw SlipwayException.invalidArgument("cooldown_seconds", "must be between 0 and 30 days");
		}
		NewAlertRule draft = new NewAlertRule(r.name(), MonitoringJson.parse("metric", r.metric(), AlertMetric.class),
				r.column(), r.metricName(), MonitoringJson.parse("condition", r.condition(), AlertCondition.class),
				r.threshold(), r.learned(),
				(r.baselineFrom() != null) ? MonitorsController.time("baseline_from", r.baselineFrom(), null) : null,
				(r.baselineTo() != null) ? MonitorsController.time("baseline_to", r.baselineTo(), null) : null,
				r.sigmas(), MonitoringJson.window("grain", r.grain()),
				(r.cooldownSeconds() != null) ? r.cooldownSeconds() * 1000 : null, r.emails());
		return RuleJson.of(this.alerts.create(id, draft));
	}

	@Operation(summary = "A monitor's alert rules and their states")
	@GetMapping
	RulesJson list(@PathVariable long id) {
		return new RulesJson(this.alerts.list(id).stream().map(RuleJson::of).toList());
	}

	@Operation(summary = "Delete an alert rule with its history")
	@DeleteMapping("/{ruleId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id, @PathVariable long ruleId) {
		this.alerts.delete(id, ruleId);
	}

	@Operation(summary = "Evaluate every rule of the monitor on its latest window now")
	@PostMapping("/evaluate")
	RulesJson evaluate(@PathVariable long id) {
		return new RulesJson(this.alerts.evaluate(id).stream().map(RuleJson::of).toList());
	}

	@Operation(summary = "The monitor's latest alert state changes, newest first")
	@GetMapping("/history")
	EventsJson history(@PathVariable long id, @RequestParam(name = "max_results", required = false) String max) {
		int maxResults = DEFAULT_HISTORY;
		if (max != null && !max.isBlank()) {
			try {
				maxResults = Integer.parseInt(max.strip());
			}
			catch (NumberFormatException ex) {
				throw SlipwayException.invalidArgument("max_results", "'" + max + "' is not an integer");
			}
		}
		return new EventsJson(this.alerts.history(id, maxResults).stream().map(EventJson::of).toList());
	}

}
