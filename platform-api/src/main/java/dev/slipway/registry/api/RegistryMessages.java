package dev.slipway.registry.api;

import java.util.List;

import dev.slipway.mlflow.KeyValueMessage;
import dev.slipway.mlflow.MlflowMessage;
import dev.slipway.mlflow.Required;

/**
 * The requests of MLflow's model registry, one record per endpoint, as
 * {@code model_registry.proto} declares them; required fields are those MLflow's handlers
 * require.
 */
final class RegistryMessages {

	private RegistryMessages() {
	}

	// registered models

	@MlflowMessage
	record CreateRegisteredModel(@Required String name, String description, List<KeyValueMessage> tags) {
	}

	@MlflowMessage
	record ModelRef(@Required String name) {
	}

	@MlflowMessage
	record RenameRegisteredModel(@Required String name, @Required String newName) {
	}

	@MlflowMessage
	record UpdateRegisteredModel(@Required String name, String description) {
	}

	@MlflowMessage
	record SearchRegisteredModels(String filter, Long maxResults, List<String> orderBy, String pageToken) {
	}

	@MlflowMessage
	record GetLatestVersions(@Required String name, List<String> stages) {
	}

	@MlflowMessage
	record SetRegisteredModelTag(@Required String name, @Required String key, String value) {
	}

	@MlflowMessage
	record DeleteRegisteredModelTag(@Required String name, @Required String key) {
	}

	@MlflowMessage
	record SetAlias(@Required String name, @Required String alias, @Required String version) {
	}

	@MlflowMessage
	record AliasRef(@Required String name, @Required String alias) {
	}

	// model versions

	@MlflowMessage
	record CreateModelVersion(@Required String name, @Required String source, String runId, List<KeyValueMessage> tags,
			String runLink, String description, String modelId) {
	}

	@MlflowMessage
	record VersionRef(@Required String name, @Required String version) {
	}

	@MlflowMessage
	record UpdateModelVersion(@Required String name, @Required String version, String description) {
	}

	@MlflowMessage
	record TransitionStage(@Required String name, @Required String version, @Required String stage,
			Boolean archiveExistingVersions) {
	}

	@MlflowMessage
	record SearchModelVersions(String filter, Long maxResults, List<String> orderBy, String pageToken) {
	}

	@MlflowMessage
	record SetModelVersionTag(@Required String name, @Required String version, @Required String key, String value) {
	}

	@MlflowMessage
	record DeleteModelVersionTag(@Required String name, @Required String version, @Required String key) {
	}

}
