package dev.slipway.pipelines;

import java.util.Map;

/**
 * A trigger that starts a run of a pipeline (its latest version) when something happens
 * elsewhere, as the account that made it.
 *
 * @param id the trigger's id
 * @param pipeline the pipeline's name
 * @param name unique within the pipeline
 * @param kind what it listens for
 * @param sourceName the registered model (ALERT, MODEL_VERSION) or pipeline
 * (PIPELINE_SUCCEEDED) whose events it matches; null for every model
 * @param parameters parameter values of its runs, with {@code {{event.X}}} placeholders
 * @param cooldownSeconds after a run starts, events within this many seconds start none
 * @param enabled whether it fires
 * @param lastFiredAt epoch millis of the last run it started, or null
 * @param message why the server disabled it, or null
 * @param createdBy the account its runs act as
 * @param createdAt epoch millis
 * @param updatedAt epoch millis
 */
public record PipelineTrigger(long id, String pipeline, String name, TriggerKind kind, String sourceName,
		Map<String, Object> parameters, long cooldownSeconds, boolean enabled, Long lastFiredAt, String message,
		String createdBy, long createdAt, long updatedAt) {
}
