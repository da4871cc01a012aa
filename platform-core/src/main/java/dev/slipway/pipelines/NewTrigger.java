package dev.slipway.pipelines;

import java.util.Map;

/**
 * What makes a trigger; null fields take their defaults.
 *
 * @param name unique within the pipeline
 * @param kind {@code ALERT}, {@code MODEL_VERSION} or {@code PIPELINE_SUCCEEDED}
 * @param sourceName the registered model or pipeline whose events it matches; null for
 * every model (admins only; a PIPELINE_SUCCEEDED trigger must name its pipeline)
 * @param parameters parameter values of its runs; string values may hold
 * {@code {{event.X}}} placeholders
 * @param cooldownSeconds events within this many seconds of the last run it started start
 * none; the kind's default when null
 * @param enabled false to make it disabled (true when null)
 */
public record NewTrigger(String name, String kind, String sourceName, Map<String, Object> parameters,
		Long cooldownSeconds, Boolean enabled) {
}
