package dev.slipway.query;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one MLflow search accepts: entity prefixes, attribute keys and their aliases, and
 * where lists are allowed. The instances mirror MLflow's {@code SearchUtils},
 * {@code SearchExperimentsUtils}, {@code search_logged_model_utils},
 * {@code SearchModelUtils} and {@code SearchModelVersionUtils}.
 *
 * @param prefixes every accepted entity prefix and the entity it means
 * @param prefixNames the canonical prefixes, for messages
 * @param attributes every accepted filter attribute key (aliases included) and its
 * canonical name
 * @param numericAttributes the canonical attribute names compared as integers
 * @param listAttributes the canonical string attribute names that accept IN and NOT IN
 * @param listsForParamsAndTags whether params and tags accept IN and NOT IN
 * @param orderEntities the entities order_by may name
 * @param orderAttributes every accepted order_by attribute key (aliases included) and its
 * canonical name
 */
public record Grammar(Map<String, Entity> prefixes, String prefixNames, Map<String, String> attributes,
		Set<String> numericAttributes, Set<String> listAttributes, boolean listsForParamsAndTags,
		Set<Entity> orderEntities, Map<String, String> orderAttributes) {

	/** The keys of {@code dataset.<key>}. */
	public static final Set<String> DATASET_KEYS = Set.of("name", "digest", "context");

	/**
	 * {@code search_runs}: {@code SearchUtils} and {@code RunInfo}'s searchable
	 * attributes.
	 */
	public static final Grammar RUNS = new Grammar(
			new Aliases<Entity>().put(Entity.ATTRIBUTE, "attribute", "attributes", "attr", "run")
				.put(Entity.METRIC, "metric", "metrics")
				.put(Entity.PARAM, "param", "params", "parameter", "parameters")
				.put(Entity.TAG, "tag", "tags")
				.put(Entity.DATASET, "dataset", "datasets")
				.map(),
			"attribute, metric, param, tag, dataset", runAttributes(true), Set.of("start_time", "end_time"),
			Set.of("run_id"), false, Set.of(Entity.ATTRIBUTE, Entity.METRIC, Entity.PARAM, Entity.TAG),
			runAttributes(false));

	/** {@code search_experiments}: {@code SearchExperimentsUtils}. */
	public static final Grammar EXPERIMENTS = new Grammar(
			new Aliases<Entity>().put(Entity.ATTRIBUTE, "attribute").put(Entity.TAG, "tag", "tags").map(),
			"attribute, tag",
			new Aliases<String>().put("name", "name")
				.put("creation_time", "creation_time")
				.put("last_update_time", "last_update_time")
				.map(),
			Set.of("creation_time", "last_update_time"), Set.of(), false, Set.of(Entity.ATTRIBUTE),
			new Aliases<String>().put("name", "name")
				.put("experiment_id", "experiment_id")
				.put("creation_time", "creation_time")
				.put("last_update_time", "last_update_time")
				.map());

	/**
	 * {@code search_logged_models}: {@code search_logged_model_utils} and
	 * {@code SearchLoggedModelsUtils}.
	 */
	public static final Grammar LOGGED_MODELS = new Grammar(
			new Aliases<Entity>().put(Entity.ATTRIBUTE, "attributes")
				.put(Entity.METRIC, "metrics")
				.put(Entity.PARAM, "params")
				.put(Entity.TAG, "tags")
				.map(),
			"attributes, metrics, params, tags", loggedModelAttributes(),
			Set.of("creation_timestamp", "last_updated_timestamp"),
			Set.of("name", "model_id", "model_type", "status", "source_run_id"), true,
			Set.of(Entity.ATTRIBUTE, Entity.METRIC), loggedModelAttributes());

	/**
	 * {@code search_registered_models}: {@code SearchModelUtils} and the SQL store's
	 * order_by, where {@code timestamp} means the last update.
	 */
	public static final Grammar REGISTERED_MODELS = new Grammar(registryPrefixes(), "attribute, tag",
			new Aliases<String>().put("name", "name").map(), Set.of(), Set.of("name"), false, Set.of(Entity.ATTRIBUTE),
			new Aliases<String>().put("name", "name")
				.put("creation_timestamp", "creation_timestamp")
				.put("last_updated_timestamp", "last_updated_timestamp", "timestamp")
				.map());

	/** {@code search_model_versions}: {@code SearchModelVersionUtils}. */
	public static final Grammar MODEL_VERSIONS = new Grammar(registryPrefixes(), "attribute, tag",
			new Aliases<String>().put("name", "name")
				.put("version_number", "version_number")
				.put("run_id", "run_id")
				.put("source_path", "source_path")
				.map(),
			Set.of("version_number"), Set.of("name", "run_id"), false, Set.of(Entity.ATTRIBUTE),
			new Aliases<String>().put("name", "name")
				.put("version_number", "version_number")
				.put("creation_timestamp", "creation_timestamp")
				.put("last_updated_timestamp", "last_updated_timestamp")
				.map());

	/** The canonical attribute names, for messages. */
	public static String attributeNames(Map<String, String> keys) {
		return String.join(", ", new LinkedHashSet<>(keys.values()));
	}

	/** Run attributes; MLflow accepts {@code run name} in filters only. */
	private static Map<String, String> runAttributes(boolean filter) {
		Aliases<String> keys = new Aliases<String>().put("run_id", "run_id")
			.put("run_name", "run_name")
			.put("user_id", "user_id")
			.put("status", "status")
			.put("artifact_uri", "artifact_uri")
			.put("start_time", "start_time", "created", "Created")
			.put("end_time", "end_time");
		if (filter) {
			keys.put("run_name", "run name", "Run name", "Run Name");
		}
		return keys.map();
	}

	/** The model registry's prefixes: {@code attribute}, {@code tag} and {@code tags}. */
	private static Map<String, Entity> registryPrefixes() {
		return new Aliases<Entity>().put(Entity.ATTRIBUTE, "attribute").put(Entity.TAG, "tag", "tags").map();
	}

	private static Map<String, String> loggedModelAttributes() {
		return new Aliases<String>().put("name", "name")
			.put("model_id", "model_id")
			.put("model_type", "model_type")
			.put("status", "status")
			.put("source_run_id", "source_run_id")
			.put("creation_timestamp", "creation_timestamp", "creation_time")
			.put("last_updated_timestamp", "last_updated_timestamp", "last_updated_time")
			.map();
	}

	/** An ordered table of names, each standing for a target. */
	private static final class Aliases<V> {

		private final Map<String, V> map = new LinkedHashMap<>();

		/** Makes every one of {@code names} stand for {@code target}. */
		Aliases<V> put(V target, String... names) {
			for (String name : names) {
				this.map.put(name, target);
			}
			return this;
		}

		Map<String, V> map() {
			return Collections.unmodifiableMap(this.map);
		}

	}

}
