package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.system.DatabaseTarget;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Min/max summaries of metric histories ({@code metric_rollups}), so that a chart of a
 * series of any length reads a bounded number of rows. Maintained on ingest: a batch of
 * points touches a handful of buckets per resolution, merged in one batched upsert.
 */
@Repository
class MetricRollupRepository {

	/** Bucket widths in steps, finest first. */
	static final long[] WIDTHS = { 64, 4096, 262_144 };

	private static final String COLUMNS = "run_id, metric_key, width, bucket, min_value, min_step, min_ts, max_value, max_step, max_ts";

	// Step and timestamp columns are assigned before the value they follow, so the
	// comparison
	// reads the old value whether the database evaluates SET items at once or in order.
	private static final String MERGE_SET = "min_step = CASE WHEN s.min_value < t.min_value THEN s.min_step ELSE t.min_step END, "
			+ "min_ts = CASE WHEN s.min_value < t.min_value THEN s.min_ts ELSE t.min_ts END, "
			+ "min_value = CASE WHEN s.min_value < t.min_value THEN s.min_value ELSE t.min_value END, "
			+ "max_step = CASE WHEN s.max_value > t.max_value THEN s.max_step ELSE t.max_step END, "
			+ "max_ts = CASE WHEN s.max_value > t.max_value THEN s.max_ts ELSE t.max_ts END, "
			+ "max_value = CASE WHEN s.max_value > t.max_value THEN s.max_value ELSE t.max_value END";

	private static final String UPSERT_POSTGRESQL = "INSERT INTO metric_rollups AS t (" + COLUMNS
			+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, metric_key, width, bucket) DO UPDATE SET "
			+ MERGE_SET.replace("s.", "excluded.");

	private static final String UPSERT_H2 = "MERGE INTO metric_rollups t USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(250)), "
			+ "CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT), CAST(? AS BIGINT), "
			+ "CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT), CAST(? AS BIGINT))) AS s (" + COLUMNS + ") "
			+ "ON t.run_id = s.run_id AND t.metric_key = s.metric_key AND t.width = s.width AND t.bucket = s.bucket "
			+ "WHEN MATCHED THEN UPDATE SET " + MERGE_SET + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS
			+ ") VALUES (s.run_id, s.metric_key, s.width, s.bucket, s.min_value, s.min_step, s.min_ts, s.max_value, s.max_step, s.max_ts)";

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final String upsert;

	MetricRollupRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc, DatabaseTarget database) {
		this.jdbcTemplate = jdbcTemplate;
		this.jdbc = jdbc;
		this.upsert = (database.kind() == DatabaseTarget.Kind.POSTGRESQL) ? UPSERT_POSTGRESQL : UPSERT_H2;
	}

	/** One bucket's extremes. */
	record Bucket(String key, long width, long bucket, Metric min, Metric max) {

		Bucket merge(Metric point) {
			Metric newMin = (Double.compare(point.value(), this.min.value()) < 0) ? point : this.min;
			Metric newMax = (Double.compare(point.value(), this.max.value()) > 0) ? point : this.max;
			return new Bucket(this.key, this.width, this.bucket, newMin, newMax);
		}

	}

	/** Identifies one bucket while folding a batch. */
	private record BucketId(String key, long width, long bucket) {
	}

	/** Folds new points into the summaries of every resolution. */
	void add(long runId, List<Metric> points) {
		Map<BucketId, Bucket> buckets = new HashMap<>();
		for (Metric point : points) {
			for (long width : WIDTHS) {
				long bucket = Math.floorDiv(point.step(), width);
				buckets.merge(new BucketId(point.key(), width, bucket),
						new Bucket(point.key(), width, bucket, point, point), (a, b) -> a.merge(point));
			}
		}
		List<Bucket> ordered = new ArrayList<>(buckets.values());
		// One global lock order for every writer, so concurrent batches never deadlock.
		ordered
			.sort(Comparator.comparing(Bucket::key).thenComparingLong(Bucket::width).thenComparingLong(Bucket::bucket));
		List<Object[]> rows = new ArrayList<>(ordered.size());
		for (Bucket b : ordered) {
			rows.add(new Object[] { runId, b.key(), b.width(), b.bucket(), b.min().value(), b.min().step(),
					b.min().timestamp(), b.max().value(), b.max().step(), b.max().timestamp() });
		}
		this.jdbcTemplate.batchUpdate(this.upsert, rows);
	}

	/** How many buckets of {@code width} hold points of the key between the two steps. */
	long count(long runId, String key, long width, long startStep, long endStep) {
		return this.jdbc.sql(
				"SELECT COUNT(*) FROM metric_rollups WHERE run_id = ? AND metric_key = ? AND width = ? AND bucket BETWEEN ? AND ?")
			.params(runId, key, width, Math.floorDiv(startStep, width), Math.floorDiv(endStep, width))
			.query(Long.class)
			.single();
	}

	/** The buckets of {@code width} covering the steps, in step order. */
	List<Bucket> buckets(long runId, String key, long width, long startStep, long endStep) {
		return this.jdbc
			.sql("SELECT bucket, min_value, min_step, min_ts, max_value, max_step, max_ts FROM metric_rollups "
					+ "WHERE run_id = ? AND metric_key = ? AND width = ? AND bucket BETWEEN ? AND ? ORDER BY bucket")
			.params(runId, key, width, Math.floorDiv(startStep, width), Math.floorDiv(endStep, width))
			.query((rs, n) -> new Bucket(key, width, rs.getLong(1),
					new Metric(key, rs.getDouble(2), rs.getLong(4), rs.getLong(3)),
					new Metric(key, rs.getDouble(5), rs.getLong(7), rs.getLong(6))))
			.list();
	}

}
