package dev.slipway.pipelines;

/**
 * What a trigger did with one event.
 *
 * @param dedupKey the event's identity ({@code alert:RULE:WINDOW_START},
 * {@code model-version:MODEL_ID:VERSION}, {@code pipeline-run:RUN_ID})
 * @param outcome {@code STARTED}, {@code COOLDOWN} or {@code FAILED}
 * @param runId the run it started, or null
 * @param firedAt epoch millis
 * @param message why nothing started, or null
 */
public record TriggerFiring(String dedupKey, String outcome, Long runId, long firedAt, String message) {
}
