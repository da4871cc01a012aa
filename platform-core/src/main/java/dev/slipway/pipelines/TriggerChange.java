package dev.slipway.pipelines;

import java.util.Map;

/**
 * A change of a trigger: null fields stay as they are.
 *
 * @param enabled true to enable, false to disable
 * @param sourceName a new source model or pipeline
 * @param parameters new parameter values (replacing the old ones)
 * @param cooldownSeconds a new cooldown
 */
public record TriggerChange(Boolean enabled, String sourceName, Map<String, Object> parameters, Long cooldownSeconds) {
}
