package dev.slipway.monitoring;

import java.time.Clock;

import dev.slipway.error.DependencyOutages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Every {@code slipway.monitoring.evaluation-interval}, on every replica: evaluates alert
 * rules whose latest closed window is new (the rule's row lock makes one replica judge
 * each window), forgets predictions past the label horizon, and refreshes the gauges from
 * the stored results, so every replica's {@code /actuator/prometheus} shows the same.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class MonitoringScheduler implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(MonitoringScheduler.class);

	private final AlertRuleRepository rules;

	private final AlertEvaluation evaluation;

	private final ProfileRepository profiles;

	private final MonitoringGauges gauges;

	private final MonitoringSettings settings;

	private final Clock clock;

	private final DependencyOutages outages;

	MonitoringScheduler(AlertRuleRepository rules, AlertEvaluation evaluation, ProfileRepository profiles,
			MonitoringGauges gauges, MonitoringSettings settings, Clock clock, DependencyOutages outages) {
		this.rules = rules;
		this.outages = outages;
		this.evaluation = evaluation;
		this.profiles = profiles;
		this.gauges = gauges;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(this::tick, this.settings.evaluationInterval(), this.settings.evaluationInterval()));
	}

	/**
	 * One round: evaluate, purge, refresh. A failure is logged and retried next round.
	 */
	void tick() {
		try {
			evaluateDue();
			this.profiles.purgePending(this.clock.millis() - this.settings.labelHorizon().toMillis());
			this.gauges.refresh();
		}
		catch (RuntimeException ex) {
			// A database outage is logged once, when it begins, not every round.
			if (!this.outages.absorb(ex)) {
				log.warn("Monitoring round failed, retrying in {}: {}", this.settings.evaluationInterval(),
						ex.getMessage());
			}
		}
	}

	/** Evaluates every rule on its latest closed window, if not judged yet. */
	void evaluateDue() {
		for (Long id : this.rules.allIds()) {
			try {
				this.evaluation.evaluate(id, false);
			}
			catch (RuntimeException ex) {
				log.warn("Alert rule {} was not evaluated: {}", id, ex.getMessage());
			}
		}
	}

}
