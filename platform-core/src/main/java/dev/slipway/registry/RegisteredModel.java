package dev.slipway.registry;

import java.util.List;

import dev.slipway.query.KeyValue;

/**
 * A registered model as MLflow shows it.
 *
 * @param id the surrogate key
 * @param name the unique name
 * @param description the description, or null
 * @param creationTime epoch milliseconds
 * @param lastUpdatedTime epoch milliseconds
 * @param createdBy who created it, or null
 * @param tags the tags, by key
 * @param aliases the aliases, by alias
 * @param latestVersions the newest version in each stage (None included), oldest stage
 * first
 */
public record RegisteredModel(long id, String name, String description, long creationTime, long lastUpdatedTime,
		String createdBy, List<KeyValue> tags, List<ModelAlias> aliases, List<ModelVersion> latestVersions) {
}
