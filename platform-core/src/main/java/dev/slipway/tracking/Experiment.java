package dev.slipway.tracking;

import java.util.List;

import dev.slipway.query.KeyValue;

/**
 * An experiment: a named group of runs sharing an artifact location.
 *
 * @param experimentId public id, the decimal string of the surrogate key ("0" is Default)
 * @param name unique name
 * @param artifactLocation root URI of the experiment's artifacts
 * @param lifecycleStage {@code active} or {@code deleted}
 * @param creationTime epoch milliseconds
 * @param lastUpdateTime epoch milliseconds
 * @param tags experiment tags
 */
public record Experiment(String experimentId, String name, String artifactLocation, String lifecycleStage,
		long creationTime, long lastUpdateTime, List<KeyValue> tags) {
}
