package dev.slipway.pipelines;

import java.util.Map;

/**
 * An event triggers may match, reduced to what they need.
 *
 * @param kind the triggers it is for
 * @param sourceName the registered model or pipeline it happened to
 * @param dedupKey its identity: a second delivery starts nothing
 * @param detail a sentence for the run's cause
 * @param values what the {@code {{event.X}}} placeholders become
 */
record TriggerEvent(TriggerKind kind, String sourceName, String dedupKey, String detail, Map<String, String> values) {
}
