package dev.slipway.tracking.search;

import java.util.Map;
import java.util.Set;

import dev.slipway.query.Entity;
import dev.slipway.query.Grammar;
import dev.slipway.query.Grammar.Aliases;

/**
 * What tracking's searches accept: MLflow's grammars of {@code search_runs},
 * {@code search_experiments} and {@code search_logged_models}.
 */
public final class TrackingGrammars {

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

	private TrackingGrammars() {
	}

}
