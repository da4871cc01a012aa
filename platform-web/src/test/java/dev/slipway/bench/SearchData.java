package dev.slipway.bench;

/**
 * SQL that writes an experiment of many finished runs straight into Slipway's schema,
 * shaped like what {@code runs/create} plus one {@code log-batch} per run leave behind: a
 * run row, five latest metrics (each also one point of history), four params and four
 * tags per run. Writing 100,000 runs through REST would take longer than everything else
 * together and measure nothing the ingest phase does not.
 */
final class SearchData {

	/** Models in rotation: 'xgb' is one run in four. */
	static final String[] MODELS = { "xgb", "rf", "lgbm", "linear" };

	private SearchData() {
	}

	/**
	 * Statements for one transaction; {@code rmse} is uniform in [0, 1), independent of
	 * the model.
	 */
	static String[] seed(long experimentId, String artifactLocation, int runs, long firstStartTime) {
		String base = artifactLocation.endsWith("/") ? artifactLocation.substring(0, artifactLocation.length() - 1)
				: artifactLocation;
		String seeds = "bench_search_seed";
		return new String[] { "SELECT setseed(0.4242)",
				"CREATE TEMP TABLE " + seeds + " ON COMMIT DROP AS SELECT g, md5('bench-search-" + experimentId
						+ "-' || g) AS run_uuid, random() AS rmse FROM generate_series(1, " + runs + ") g",
				"INSERT INTO runs (run_uuid, experiment_id, run_name, user_id, status, start_time, end_time, "
						+ "artifact_uri, lifecycle_stage) SELECT run_uuid, " + experimentId
						+ ", 'run-' || g, 'bench', 'FINISHED', " + firstStartTime + " + g * 1000, " + firstStartTime
						+ " + g * 1000 + 60000, '" + base + "/' || run_uuid || '/artifacts', 'active' FROM " + seeds
						+ " ORDER BY g",
				"INSERT INTO latest_metrics (run_id, metric_key, metric_value, timestamp_ms, step) "
						+ "SELECT r.id, k.key, CASE WHEN k.key = 'rmse' THEN s.rmse ELSE random() END, "
						+ "r.start_time + 59000, 99 FROM " + seeds + " s JOIN runs r ON r.run_uuid = s.run_uuid "
						+ "CROSS JOIN (VALUES ('rmse'), ('mae'), ('r2'), ('accuracy'), ('loss')) AS k(key)",
				"INSERT INTO metrics (run_id, metric_key, metric_value, timestamp_ms, step) "
						+ "SELECT m.run_id, m.metric_key, m.metric_value, m.timestamp_ms, m.step FROM latest_metrics m "
						+ "JOIN runs r ON r.id = m.run_id WHERE r.experiment_id = " + experimentId,
				"INSERT INTO run_params (run_id, param_key, param_value) SELECT r.id, p.key, CASE p.key "
						+ "WHEN 'model' THEN (ARRAY['" + String.join("','", MODELS) + "'])[1 + s.g % 4] "
						+ "WHEN 'learning_rate' THEN (ARRAY['0.01','0.03','0.1','0.3'])[1 + (s.g / 4) % 4] "
						+ "WHEN 'max_depth' THEN (3 + s.g % 7)::text ELSE (100 * (1 + s.g % 10))::text END FROM "
						+ seeds + " s JOIN runs r ON r.run_uuid = s.run_uuid CROSS JOIN (VALUES ('model'), "
						+ "('learning_rate'), ('max_depth'), ('n_estimators')) AS p(key)",
				"INSERT INTO run_tags (run_id, tag_key, tag_value) SELECT r.id, t.key, CASE t.key "
						+ "WHEN 'mlflow.runName' THEN r.run_name WHEN 'mlflow.user' THEN 'bench' "
						+ "WHEN 'mlflow.source.type' THEN 'LOCAL' ELSE 'train.py' END FROM " + seeds
						+ " s JOIN runs r ON r.run_uuid = s.run_uuid CROSS JOIN (VALUES ('mlflow.runName'), "
						+ "('mlflow.user'), ('mlflow.source.type'), ('mlflow.source.name')) AS t(key)" };
	}

}
