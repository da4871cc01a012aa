package dev.slipway.pipelines;

import java.time.Instant;
import java.util.Map;

import dev.slipway.monitoring.AlertState;
import dev.slipway.monitoring.MonitorAlert;
import dev.slipway.registry.RegistryEvent;
import dev.slipway.registry.RegistryEventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hands the events triggers listen for to {@link TriggerFirings}: a monitoring alert
 * firing, a model version created, a pipeline run succeeded.
 * <p>
 * After the publishing transaction commits, never inside it: an alert evaluation or a
 * version creation that rolls back starts nothing, and a trigger that fails (a parameter
 * no longer fits, the database hiccups) never fails the change that was published. The
 * price: a crash between that commit and the start loses that one start (the event is not
 * stored for a replay). Events published outside a transaction are handled at once.
 */
@Component
class TriggerListener {

	private static final Logger log = LoggerFactory.getLogger(TriggerListener.class);

	private final TriggerFirings firings;

	TriggerListener(TriggerFirings firings) {
		this.firings = firings;
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(MonitorAlert alert) {
		if (alert.state() != AlertState.FIRING) {
			return;
		}
		fire(new TriggerEvent(TriggerKind.ALERT, alert.modelName(),
				"alert:" + alert.ruleId() + ":" + alert.windowStart(),
				"alert '" + alert.ruleName() + "' fired on model " + alert.modelName() + " (monitor "
						+ alert.monitorName() + ", window " + Instant.ofEpochMilli(alert.windowStart()) + ")",
				Map.of("model", alert.modelName(), "rule", alert.ruleName(), "monitor", alert.monitorName(),
						"window_start", Long.toString(alert.windowStart()))));
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(RegistryEvent event) {
		if (event.type() != RegistryEventType.VERSION_CREATED || event.version() == null) {
			return;
		}
		fire(new TriggerEvent(TriggerKind.MODEL_VERSION, event.modelName(),
				"model-version:" + event.modelId() + ":" + event.version(),
				"version " + event.version() + " of model " + event.modelName() + " was created",
				Map.of("model", event.modelName(), "version", Integer.toString(event.version()))));
	}

	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void on(PipelineRunEvent event) {
		if (!"pipeline.run.succeeded".equals(event.type())) {
			return;
		}
		fire(new TriggerEvent(TriggerKind.PIPELINE_SUCCEEDED, event.pipelineName(), "pipeline-run:" + event.runId(),
				"run " + event.runId() + " of pipeline " + event.pipelineName() + " succeeded",
				Map.of("pipeline", event.pipelineName(), "run_id", Long.toString(event.runId()))));
	}

	private void fire(TriggerEvent event) {
		try {
			this.firings.fire(event);
		}
		catch (RuntimeException ex) {
			// An after-commit failure would reach whoever committed the change.
			log.warn("Triggers for {} not fired: {}", event.dedupKey(), ex.toString());
		}
	}

}
