package dev.slipway.pipelines;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.slipway.monitoring.AlertState;
import dev.slipway.monitoring.MonitorAlert;
import dev.slipway.registry.RegistryEvent;
import dev.slipway.registry.RegistryEventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
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
class TriggerListener implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(TriggerListener.class);

	/** Events waiting for their triggers beyond which the publisher handles its own. */
	private static final int MAX_QUEUED = 10_000;

	private final TriggerFirings firings;

	/**
	 * Triggers fire on this thread, not the publisher's: after commit the publisher still
	 * holds its database connection, and firing there would take a second one per request
	 * (twenty concurrent registrations exhausted a pool of ten that way).
	 */
	private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new LinkedBlockingQueue<>(MAX_QUEUED), (runnable) -> {
				Thread thread = new Thread(runnable, "pipeline-triggers");
				thread.setDaemon(true);
				return thread;
			}, new ThreadPoolExecutor.CallerRunsPolicy());

	TriggerListener(TriggerFirings firings) {
		this.firings = firings;
	}

	/** Waits until every event handed over so far has been handled (tests). */
	void awaitIdle() {
		try {
			this.worker.submit(() -> {
			}).get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("trigger events were not handled in 30 s", ex);
		}
	}

	@Override
	public void destroy() {
		this.worker.shutdown();
		try {
			this.worker.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
			this.worker.execute(() -> fireNow(event));
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the event is lost like any after a crash.
			log.warn("Triggers for {} not fired: the server is stopping", event.dedupKey());
		}
	}

	private void fireNow(TriggerEvent event) {
		try {
			this.firings.fire(event);
		}
		catch (RuntimeException ex) {
			log.warn("Triggers for {} not fired: {}", event.dedupKey(), ex.toString());
		}
	}

}
