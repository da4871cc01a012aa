package dev.slipway.registry.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.query.KeyValue;
import dev.slipway.query.Page;
import dev.slipway.registry.ModelAlias;
import dev.slipway.registry.ModelVersion;
import dev.slipway.registry.RegisteredModel;

/**
 * The MLflow wire shapes of the registry ({@code model_registry.proto} field names):
 * versions are strings, absent optional fields are left out as protobuf's JSON does.
 */
final class MlflowRegistryJson {

	private MlflowRegistryJson() {
	}

	/** A tag. */
	record TagJson(String key, String value) {

		static List<TagJson> of(List<KeyValue> tags) {
			return tags.stream().map((tag) -> new TagJson(tag.key(), tag.value())).toList();
		}

	}

	/** A registered model's alias and the version (a string) it points at. */
	record AliasJson(String alias, String version) {

		static List<AliasJson> of(List<ModelAlias> aliases) {
			return aliases.stream().map((a) -> new AliasJson(a.alias(), String.valueOf(a.version()))).toList();
		}

	}

	/** {@code ModelVersion}. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ModelVersionJson(String name, String version, @JsonProperty("creation_timestamp") long creationTimestamp,
			@JsonProperty("last_updated_timestamp") long lastUpdatedTimestamp, @JsonProperty("user_id") String userId,
			@JsonProperty("current_stage") String currentStage, String description, String source,
			@JsonProperty("run_id") String runId, String status, @JsonProperty("status_message") String statusMessage,
			List<TagJson> tags, @JsonProperty("run_link") String runLink, List<String> aliases,
			@JsonProperty("model_id") String modelId) {

		static ModelVersionJson of(ModelVersion version) {
			return new ModelVersionJson(version.name(), String.valueOf(version.version()), version.creationTime(),
					version.lastUpdatedTime(), version.userId(), version.stage().wireName(), version.description(),
					version.source(), version.runId(), version.status(), version.statusMessage(),
					TagJson.of(version.tags()), version.runLink(), version.aliases(), version.modelId());
		}

		static List<ModelVersionJson> of(List<ModelVersion> versions) {
			return versions.stream().map(ModelVersionJson::of).toList();
		}

	}

	/** {@code RegisteredModel}. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record RegisteredModelJson(String name, @JsonProperty("creation_timestamp") long creationTimestamp,
			@JsonProperty("last_updated_timestamp") long lastUpdatedTimestamp, @JsonProperty("user_id") String userId,
			String description, @JsonProperty("latest_versions") List<ModelVersionJson> latestVersions,
			List<TagJson> tags, List<AliasJson> aliases) {

		static RegisteredModelJson of(RegisteredModel model) {
			return new RegisteredModelJson(model.name(), model.creationTime(), model.lastUpdatedTime(),
					model.createdBy(), model.description(), ModelVersionJson.of(model.latestVersions()),
					TagJson.of(model.tags()), AliasJson.of(model.aliases()));
		}

	}

	/** {@code {"registered_model": ...}}. */
	static Map<String, Object> model(RegisteredModel model) {
		return Map.of("registered_model", RegisteredModelJson.of(model));
	}

	/** {@code {"model_version": ...}}. */
	static Map<String, Object> version(ModelVersion version) {
		return Map.of("model_version", ModelVersionJson.of(version));
	}

	/**
	 * A search answer: the items under {@code field}, and the token when there is more.
	 */
	static <T> Map<String, Object> page(String field, Page<T> page, java.util.function.Function<T, ?> mapper) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put(field, page.items().stream().map(mapper).toList());
		if (page.nextPageToken() != null && !page.nextPageToken().isEmpty()) {
			answer.put("next_page_token", page.nextPageToken());
		}
		return answer;
	}

}
