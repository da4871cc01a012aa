package dev.slipway.pipelines;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.PipelineRepository.PipelineRow;
import dev.slipway.pipelines.TriggerRepository.TriggerRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Does what matching triggers say with one event: each trigger in its own transaction
 * under its row lock, where a firing row keyed by the event's identity makes a second
 * delivery start nothing, the cooldown is checked, and the run is started as the
 * trigger's account. Every outcome is recorded in {@code pipeline_trigger_firings}.
 */
@Component
class TriggerFirings {

	/** The most triggers one event fires. */
	static final int MAX_MATCHING = 200;

	static final String STARTED = "STARTED";

	static final String COOLDOWN = "COOLDOWN";

	static final String FAILED = "FAILED";

	private static final Logger log = LoggerFactory.getLogger(TriggerFirings.class);

	private final TriggerRepository triggers;

	private final AutomatedStarts starts;

	private final TransactionTemplate transaction;

	private final Clock clock;

	TriggerFirings(TriggerRepository triggers, AutomatedStarts starts, PlatformTransactionManager transactions,
			Clock clock) {
		this.triggers = triggers;
		this.starts = starts;
		this.transaction = new TransactionTemplate(transactions);
		// New transactions: the event's own has committed (or there was none).
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	/** Fires every enabled trigger the event matches. */
	void fire(TriggerEvent event) {
		List<Long> matching = this.transaction
			.execute((status) -> this.triggers.matching(event.kind(), event.sourceName(), MAX_MATCHING));
		for (long id : matching) {
			fire(id, event);
		}
	}

	private void fire(long id, TriggerEvent event) {
		try {
			this.transaction.executeWithoutResult((status) -> fireLocked(id, event));
		}
		catch (RuntimeException ex) {
			// The start failed and was rolled back with its firing row: record the
			// failure
			// in a transaction of its own, unless a concurrent delivery recorded one.
			String reason = (ex instanceof SlipwayException) ? ex.getMessage()
					: "could not start a run (see the server log)";
			log.warn("Trigger {} could not start a run for {}: {}", id, event.dedupKey(), ex.toString());
			try {
				this.transaction.executeWithoutResult((status) -> {
					if (this.triggers.lock(id).isPresent() && !this.triggers.firingExists(id, event.dedupKey())) {
						this.triggers.insertFiring(id, event.dedupKey(), null, FAILED, reason, this.clock.millis());
					}
				});
			}
			catch (RuntimeException again) {
				log.warn("Trigger {}: the failure for {} was not recorded: {}", id, event.dedupKey(), again.toString());
			}
		}
	}

	private void fireLocked(long id, TriggerEvent event) {
		TriggerRow row = this.triggers.lock(id).orElse(null);
		if (row == null || !row.enabled() || this.triggers.firingExists(id, event.dedupKey())) {
			return;
		}
		long now = this.clock.millis();
		if (row.lastFiredAt() != null && now < row.lastFiredAt() + row.cooldownSeconds() * 1000) {
			this.triggers.insertFiring(id, event.dedupKey(), null, COOLDOWN,
					"within the cooldown of " + row.cooldownSeconds() + " s after the run started at "
							+ Instant.ofEpochMilli(row.lastFiredAt()) + ": " + event.detail(),
					now);
			return;
		}
		PipelineRow pipeline = this.starts.pipeline(row.pipelineId()).orElse(null);
		if (pipeline == null) {
			return;
		}
		Optional<String> refusal = this.starts.refusal(row.createdBy(), pipeline);
		if (refusal.isPresent()) {
			log.warn("Trigger {} of pipeline {} disabled: {}", row.name(), pipeline.name(), refusal.get());
			this.triggers.disable(id, "disabled: " + refusal.get(), now);
			this.triggers.insertFiring(id, event.dedupKey(), null, FAILED, "disabled: " + refusal.get(), now);
			return;
		}
		StartRun request = new StartRun(null,
				TriggerParameters.fill(AutomatedStarts.fromJson(row.parametersJson()), event.values()), null, null,
				null);
		long runId = this.starts.start(row.createdBy(), pipeline.name(), request, RunCause.TRIGGER,
				"trigger " + row.name() + ": " + event.detail(), null, id, null);
		this.triggers.insertFiring(id, event.dedupKey(), runId, STARTED, null, now);
		this.triggers.fired(id, now);
	}

}
