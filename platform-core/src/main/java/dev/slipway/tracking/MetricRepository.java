package dev.slipway.tracking;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.slipway.system.DatabaseTarget;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The metric hot path: batched JDBC for {@code metrics} (one round trip per batch, with
 * {@code reWriteBatchedInserts} on PostgreSQL) and one upsert per key for
 * {@code latest_metrics}. No ORM, no per-point query.
 */
@Repository
class MetricRepository {

	private static final String INSERT_POINT = "INSERT INTO metrics (run_id, metric_key, metric_value, timestamp_ms, step) "
			+ "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

	private static final String INSERT_ARRAYS = "INSERT INTO metrics (run_id, metric_key, metric_value, timestamp_ms, step) "
			+ "SELECT * FROM unnest(?::int8[], ?::varchar[], ?::float8[], ?::int8[], ?::int8[]) ON CONFLICT DO NOTHING";

	private static final Comparator<Metric> POINT_ORDER = Comparator.comparing(Metric::key)
		.thenComparingLong(Metric::step)
		.thenComparingLong(Metric::timestamp)
		.thenComparingDouble(Metric::value);

	/**
	 * Replaces the latest point only with a later one: step, then timestamp, then value.
	 */
	private static final String UPSERT_LATEST_POSTGRESQL = "INSERT INTO latest_metrics AS t (run_id, metric_key, metric_value, timestamp_ms, step) "
			+ "VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, metric_key) DO UPDATE SET metric_value = excluded.metric_value, "
			+ "timestamp_ms = excluded.timestamp_ms, step = excluded.step "
			+ "WHERE (excluded.step, excluded.timestamp_ms, excluded.metric_value) > (t.step, t.timestamp_ms, t.metric_value)";

	private static final String UPSERT_LATEST_H2 = "MERGE INTO latest_metrics t USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(250)), "
			+ "CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT), CAST(? AS BIGINT))) AS s (run_id, metric_key, metric_value, timestamp_ms, step) "
			+ "ON t.run_id = s.run_id AND t.metric_key = s.metric_key "
			+ "WHEN MATCHED AND (s.step, s.timestamp_ms, s.metric_value) > (t.step, t.timestamp_ms, t.metric_value) "
			+ "THEN UPDATE SET metric_value = s.metric_value, timestamp_ms = s.timestamp_ms, step = s.step "
			+ "WHEN NOT MATCHED THEN INSERT (run_id, metric_key, metric_value, timestamp_ms, step) "
			+ "VALUES (s.run_id, s.metric_key, s.metric_value, s.timestamp_ms, s.step)";

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final String upsertLatest;

	private final boolean postgresql;

	MetricRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc, DatabaseTarget database) {
		this.jdbcTemplate = jdbcTemplate;
		this.jdbc = jdbc;
		this.postgresql = database.kind() == DatabaseTarget.Kind.POSTGRESQL;
		this.upsertLatest = this.postgresql ? UPSERT_LATEST_POSTGRESQL : UPSERT_LATEST_H2;
	}

	/**
	 * Appends points (identical points are stored once) and advances the latest value per
	 * key.
	 */
	void append(long runId, List<Metric> points) {
		if (points.isEmpty()) {
			return;
		}
		// One global order for every writer: concurrent batches then wait on each other's
		// rows
		// instead of deadlocking.
		List<Metric> sorted = new ArrayList<>(points);
		sorted.sort(POINT_ORDER);
		if (this.postgresql) {
			insertAsArrays(runId, sorted);
		}
		else {
			this.jdbcTemplate.batchUpdate(INSERT_POINT, rows(runId, sorted));
		}
		Map<String, Metric> latest = new LinkedHashMap<>();
		for (Metric point : sorted) {
			latest.merge(point.key(), point, (a, b) -> b.isLaterThan(a) ? b : a);
		}
		this.jdbcTemplate.batchUpdate(this.upsertLatest, rows(runId, latest.values()));
	}

	private static List<Object[]> rows(long runId, Collection<Metric> points) {
		List<Object[]> rows = new ArrayList<>(points.size());
		for (Metric point : points) {
			rows.add(new Object[] { runId, point.key(), point.value(), point.timestamp(), point.step() });
		}
		return rows;
	}

	/**
	 * PostgreSQL: the whole batch as five arrays in one statement. Parsing and binding
	 * five parameters instead of five per point is what makes this path fast.
	 */
	private void insertAsArrays(long runId, List<Metric> points) {
		int size = points.size();
		Long[] runIds = new Long[size];
		String[] keys = new String[size];
		Double[] values = new Double[size];
		Long[] timestamps = new Long[size];
		Long[] steps = new Long[size];
		for (int i = 0; i < size; i++) {
			Metric point = points.get(i);
			runIds[i] = runId;
			keys[i] = point.key();
			values[i] = point.value();
			timestamps[i] = point.timestamp();
			steps[i] = point.step();
		}
		this.jdbcTemplate.update((connection) -> {
			PreparedStatement statement = connection.prepareStatement(INSERT_ARRAYS);
			statement.setArray(1, connection.createArrayOf("int8", runIds));
			statement.setArray(2, connection.createArrayOf("varchar", keys));
			statement.setArray(3, connection.createArrayOf("float8", values));
			statement.setArray(4, connection.createArrayOf("int8", timestamps));
			statement.setArray(5, connection.createArrayOf("int8", steps));
			return statement;
		});
	}

	/** The latest point of every key of each run in {@code runIds}, sorted by key. */
	Map<Long, List<Metric>> latest(Collection<Long> runIds) {
		Map<Long, List<Metric>> result = new LinkedHashMap<>();
		for (List<Long> chunk : TrackingRows.chunks(runIds)) {
			this.jdbc
				.sql("SELECT run_id, metric_key, metric_value, timestamp_ms, step FROM latest_metrics "
						+ "WHERE run_id IN (:ids) ORDER BY metric_key")
				.param("ids", chunk)
				.query((rs, n) -> {
					result.computeIfAbsent(rs.getLong(1), (k) -> new ArrayList<>())
						.add(new Metric(rs.getString(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5)));
					return null;
				})
				.list();
		}
		return result;
	}

	/** The lowest and highest step of a key's history, or null when it has none. */
	Long[] stepRange(long runId, String key) {
		return this.jdbc.sql("SELECT MIN(step), MAX(step) FROM metrics WHERE run_id = ? AND metric_key = ?")
			.params(runId, key)
			.query((rs, n) -> (rs.getObject(1) == null) ? new Long[0] : new Long[] { rs.getLong(1), rs.getLong(2) })
			.list()
			.stream()
			.filter((range) -> range.length == 2)
			.findFirst()
			.orElse(null);
	}

	/** Up to {@code limit} points of a key between two steps, in step order. */
	List<Metric> historyBetween(long runId, String key, long startStep, long endStep, int limit) {
		return this.jdbc
			.sql("SELECT metric_value, timestamp_ms, step FROM metrics WHERE run_id = ? AND metric_key = ? "
					+ "AND step BETWEEN ? AND ? ORDER BY step, timestamp_ms, metric_value FETCH FIRST ? ROWS ONLY")
			.params(runId, key, startStep, endStep, limit)
			.query((rs, n) -> new Metric(key, rs.getDouble(1), rs.getLong(2), rs.getLong(3)))
			.list();
	}

	/**
	 * Streams every point of a key between two steps, in step order, without holding
	 * them.
	 */
	void forEachBetween(long runId, String key, long startStep, long endStep, Consumer<Metric> consumer) {
		this.jdbcTemplate.query(
				"SELECT metric_value, timestamp_ms, step FROM metrics WHERE run_id = ? AND metric_key = ? "
						+ "AND step BETWEEN ? AND ? ORDER BY step, timestamp_ms, metric_value",
				(RowCallbackHandler) (rs) -> consumer
					.accept(new Metric(key, rs.getDouble(1), rs.getLong(2), rs.getLong(3))),
				runId, key, startStep, endStep);
	}

	/**
	 * A page of one key's history in MLflow's order (timestamp, then step, then value),
	 * starting after {@code offset} points.
	 */
	List<Metric> history(long runId, String key, long offset, int limit) {
		return this.jdbc
			.sql("SELECT metric_value, timestamp_ms, step FROM metrics WHERE run_id = ? AND metric_key = ? "
					+ "ORDER BY timestamp_ms, step, metric_value OFFSET ? ROWS FETCH FIRST ? ROWS ONLY")
			.params(runId, key, offset, limit)
			.query((rs, n) -> new Metric(key, rs.getDouble(1), rs.getLong(2), rs.getLong(3)))
			.list();
	}

}
