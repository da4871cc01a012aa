package dev.slipway.tracking.search;

import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * Small named row builders for the search tables; remembers public ids by internal id.
 */
final class SearchFixtures {

	private final JdbcTemplate jdbc;

	private final Map<Long, String> experiments = new HashMap<>();

	private final Map<Long, String> runs = new HashMap<>();

	private final Map<Long, String> models = new HashMap<>();

	SearchFixtures(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The names of experiments by internal id, in order. */
	List<String> experimentNames(List<Long> ids) {
		return ids.stream().map(this.experiments::get).toList();
	}

	/** The run uuids of runs by internal id, in order. */
	List<String> runUuids(List<Long> ids) {
		return ids.stream().map(this.runs::get).toList();
	}

	/** The model ids of logged models by internal id, in order. */
	List<String> modelIds(List<Long> ids) {
		return ids.stream().map(this.models::get).toList();
	}

	long experiment(String name, long created, long updated, String stage) {
		long id = insert(
				"INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, "
						+ "last_update_time) VALUES (?, ?, ?, ?, ?)",
				name, "mlflow-artifacts:/" + name, stage, created, updated);
		this.experiments.put(id, name);
		return id;
	}

	void nameDefaultExperiment() {
		this.experiments.put(0L, "Default");
	}

	void experimentTag(long experiment, String key, String value) {
		this.jdbc.update("INSERT INTO experiment_tags (experiment_id, tag_key, tag_value) VALUES (?, ?, ?)", experiment,
				key, value);
	}

	long run(long experiment, String uuid, String name, String user, String status, Long start, Long end,
			String stage) {
		long id = insert(
				"INSERT INTO runs (run_uuid, experiment_id, run_name, user_id, status, start_time, end_time, "
						+ "artifact_uri, lifecycle_stage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				uuid, experiment, name, user, status, start, end, "mlflow-artifacts:/runs/" + uuid, stage);
		this.runs.put(id, uuid);
		return id;
	}

	void metric(long run, String key, double value) {
		this.jdbc.update("INSERT INTO latest_metrics (run_id, metric_key, metric_value, timestamp_ms, step) "
				+ "VALUES (?, ?, ?, 0, 0)", run, key, value);
	}

	void param(long run, String key, String value) {
		this.jdbc.update("INSERT INTO run_params (run_id, param_key, param_value) VALUES (?, ?, ?)", run, key, value);
	}

	void tag(long run, String key, String value) {
		this.jdbc.update("INSERT INTO run_tags (run_id, tag_key, tag_value) VALUES (?, ?, ?)", run, key, value);
	}

	long dataset(long experiment, String name, String digest) {
		return insert("INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source) "
				+ "VALUES (?, ?, ?, ?, 'local', '{}')", "ds-" + name + "-" + digest, experiment, name, digest);
	}

	void input(long run, long dataset, String context) {
		long input = insert("INSERT INTO run_inputs (run_id, dataset_id) VALUES (?, ?)", run, dataset);
		if (context != null) {
			this.jdbc.update("INSERT INTO run_input_tags (run_input_id, tag_key, tag_value) VALUES (?, ?, ?)", input,
					"mlflow.data.context", context);
		}
	}

	long model(long experiment, String uid, String name, String status, String type, Long sourceRun, long created,
			String stage) {
		long id = insert(
				"INSERT INTO logged_models (model_uid, experiment_id, name, artifact_location, status, model_type, "
						+ "source_run_id, source_run_uuid, lifecycle_stage, creation_time, last_updated_time) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT r.run_uuid FROM runs r WHERE r.id = ?), ?, ?, ?)",
				uid, experiment, name, "mlflow-artifacts:/models/" + uid, status, type, sourceRun, sourceRun, stage,
				created, created + 1);
		this.models.put(id, uid);
		return id;
	}

	void modelMetric(long model, String key, double value, long timestamp, String datasetName, String datasetDigest) {
		this.jdbc.update(
				"INSERT INTO logged_model_metrics (logged_model_id, metric_key, metric_value, timestamp_ms, "
						+ "step, dataset_name, dataset_digest) VALUES (?, ?, ?, ?, 0, ?, ?)",
				model, key, value, timestamp, datasetName, datasetDigest);
	}

	void modelParam(long model, String key, String value) {
		this.jdbc.update("INSERT INTO logged_model_params (logged_model_id, param_key, param_value) VALUES (?, ?, ?)",
				model, key, value);
	}

	void modelTag(long model, String key, String value) {
		this.jdbc.update("INSERT INTO logged_model_tags (logged_model_id, tag_key, tag_value) VALUES (?, ?, ?)", model,
				key, value);
	}

	private long insert(String sql, Object... args) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement(sql, new String[] { "id" });
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			return statement;
		}, keys);
		return keys.getKey().longValue();
	}

}
