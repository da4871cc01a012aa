package dev.slipway.bench;

/**
 * The same finished runs written by SQL into Slipway's schema and into MLflow's, so that
 * one search can be timed on both servers and their answers compared run by run. Shaped
 * like {@link SearchData} (five latest metrics with one point of history, four params,
 * four tags a run), but every value is a hash of the run's number rather than
 * {@code random()}: the two databases hold identical runs under identical ids, and runs
 * can be added in later ranges (10,000 first, then up to 100,000).
 */
final class PeerSearchData {

	private static final String SEEDS = "bench_peer_seed";

	private static final String[] METRICS = { "rmse", "mae", "r2", "accuracy", "loss" };

	private PeerSearchData() {
	}

	/** A value in [0, 1) fixed by {@code text} (52 bits of its MD5). */
	private static String unit(String text) {
		return "(('x' || substr(md5(" + text + "), 1, 13))::bit(52)::bigint / 4503599627370496.0)";
	}

	/** Runs {@code from} to {@code to} (1-based, inclusive) of the set {@code prefix}. */
	private static String seeds(String prefix, int from, int to) {
		return "CREATE TEMP TABLE " + SEEDS + " ON COMMIT DROP AS SELECT g, md5('" + prefix
				+ "-' || g)::varchar(32) AS run_uuid, " + unit("'" + prefix + "-rmse-' || g") + " AS rmse FROM "
				+ "generate_series(" + from + ", " + to + ") g";
	}

	private static String metricKeys() {
		return "(VALUES ('" + String.join("'), ('", METRICS) + "')) AS k(key)";
	}

	private static String metricValue(String prefix) {
		return "CASE WHEN k.key = 'rmse' THEN s.rmse ELSE " + unit("'" + prefix + "-' || k.key || '-' || s.g") + " END";
	}

	private static String paramValue() {
		return "CASE p.key WHEN 'model' THEN (ARRAY['" + String.join("','", SearchData.MODELS)
				+ "'])[1 + s.g % 4] WHEN 'learning_rate' THEN (ARRAY['0.01','0.03','0.1','0.3'])[1 + (s.g / 4) % 4] "
				+ "WHEN 'max_depth' THEN (3 + s.g % 7)::text ELSE (100 * (1 + s.g % 10))::text END";
	}

	private static final String PARAM_KEYS = "(VALUES ('model'), ('learning_rate'), ('max_depth'), "
			+ "('n_estimators')) AS p(key)";

	private static final String TAG_KEYS = "(VALUES ('mlflow.runName'), ('mlflow.user'), ('mlflow.source.type'), "
			+ "('mlflow.source.name')) AS t(key)";

	private static String tagValue() {
		return "CASE t.key WHEN 'mlflow.runName' THEN 'run-' || s.g WHEN 'mlflow.user' THEN 'bench' "
				+ "WHEN 'mlflow.source.type' THEN 'LOCAL' ELSE 'train.py' END";
	}

	private static String base(String artifactLocation) {
		return artifactLocation.endsWith("/") ? artifactLocation.substring(0, artifactLocation.length() - 1)
				: artifactLocation;
	}

	/** Statements for one transaction writing the runs into Slipway's schema. */
	static String[] slipway(long experimentId, String artifactLocation, String prefix, int from, int to,
			long firstStartTime) {
		String join = SEEDS + " s JOIN runs r ON r.run_uuid = s.run_uuid";
		return new String[] { seeds(prefix, from, to),
				"INSERT INTO runs (run_uuid, experiment_id, run_name, user_id, status, start_time, end_time, "
						+ "artifact_uri, lifecycle_stage) SELECT run_uuid, " + experimentId
						+ ", 'run-' || g, 'bench', 'FINISHED', " + firstStartTime + " + g * 1000, " + firstStartTime
						+ " + g * 1000 + 60000, '" + base(artifactLocation) + "/' || run_uuid || '/artifacts', "
						+ "'active' FROM " + SEEDS + " ORDER BY g",
				"INSERT INTO latest_metrics (run_id, metric_key, metric_value, timestamp_ms, step) SELECT r.id, k.key, "
						+ metricValue(prefix) + ", r.start_time + 59000, 99 FROM " + join + " CROSS JOIN "
						+ metricKeys(),
				"INSERT INTO metrics (run_id, metric_key, metric_value, timestamp_ms, step) SELECT m.run_id, "
						+ "m.metric_key, m.metric_value, m.timestamp_ms, m.step FROM " + join
						+ " JOIN latest_metrics m ON m.run_id = r.id",
				"INSERT INTO run_params (run_id, param_key, param_value) SELECT r.id, p.key, " + paramValue() + " FROM "
						+ join + " CROSS JOIN " + PARAM_KEYS,
				"INSERT INTO run_tags (run_id, tag_key, tag_value) SELECT r.id, t.key, " + tagValue() + " FROM " + join
						+ " CROSS JOIN " + TAG_KEYS };
	}

	/**
	 * Statements for one transaction writing the same runs into MLflow's schema
	 * ({@code mlflow/store/tracking/dbmodels/models.py}).
	 */
	static String[] mlflow(long experimentId, String artifactLocation, String prefix, int from, int to,
			long firstStartTime) {
		return new String[] { seeds(prefix, from, to),
				"INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, "
						+ "start_time, end_time, deleted_time, source_version, lifecycle_stage, artifact_uri, "
						+ "experiment_id) SELECT run_uuid, 'run-' || g, 'LOCAL', 'train.py', '', 'bench', "
						+ "'FINISHED', " + firstStartTime + " + g * 1000, " + firstStartTime
						+ " + g * 1000 + 60000, NULL, '', 'active', '" + base(artifactLocation)
						+ "/' || run_uuid || '/artifacts', " + experimentId + " FROM " + SEEDS + " ORDER BY g",
				"INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) SELECT k.key, "
						+ metricValue(prefix) + ", " + firstStartTime + " + s.g * 1000 + 59000, 99, false, s.run_uuid "
						+ "FROM " + SEEDS + " s CROSS JOIN " + metricKeys(),
				"INSERT INTO metrics (key, value, timestamp, step, is_nan, run_uuid) SELECT m.key, m.value, "
						+ "m.timestamp, m.step, m.is_nan, m.run_uuid FROM " + SEEDS
						+ " s JOIN latest_metrics m ON m.run_uuid = s.run_uuid",
				"INSERT INTO params (key, value, run_uuid) SELECT p.key, " + paramValue() + ", s.run_uuid FROM " + SEEDS
						+ " s CROSS JOIN " + PARAM_KEYS,
				"INSERT INTO tags (key, value, run_uuid) SELECT t.key, " + tagValue() + ", s.run_uuid FROM " + SEEDS
						+ " s CROSS JOIN " + TAG_KEYS };
	}

}
