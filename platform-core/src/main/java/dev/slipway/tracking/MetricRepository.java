package dev.slipway.tracking;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.system.DatabaseTarget;
import org.postgresql.PGConnection;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The metric hot path: on PostgreSQL a binary {@code COPY} of the batch into
 * {@code metrics} (an {@code INSERT ... ON CONFLICT DO NOTHING} of the batch as arrays
 * when a point was already stored), on H2 a JDBC batch; then one upsert per key for
 * {@code latest_metrics}. No ORM, no per-point query.
 */
@Repository
class MetricRepository {

	private static final String INSERT_POINT = "INSERT INTO metrics (run_id, metric_key, metric_value, timestamp_ms, step) "
			+ "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

	private static final String INSERT_ARRAYS = "INSERT INTO metrics (run_id, metric_key, metric_value, timestamp_ms, step) "
			+ "SELECT * FROM unnest(?::int8[], ?::varchar[], ?::float8[], ?::int8[], ?::int8[]) ON CONFLICT DO NOTHING";

	private static final String COPY_POINTS = "COPY metrics (run_id, metric_key, metric_value, timestamp_ms, step) "
			+ "FROM STDIN (FORMAT binary)";

	/**
	 * Signature, flags and header extension length of PostgreSQL's binary COPY format.
	 */
	private static final byte[] COPY_HEADER = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0,
			0, 0, 0, 0, 0 };

	/**
	 * A tuple's bytes besides its key: field count, five field lengths, four 8-byte
	 * values.
	 */
	private static final int COPY_TUPLE_BYTES = 2 + 5 * 4 + 4 * 8;

	private static final String UNIQUE_VIOLATION = "23505";

	/**
	 * What the foreign key on {@code metrics.run_id} did for every point, once a batch
	 * (PostgreSQL has no such key): the run cannot be deleted until the batch commits.
	 */
	private static final String LOCK_RUN = "SELECT id FROM runs WHERE id = ? FOR KEY SHARE";

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
		sorted.sort(MetricRepository::pointOrder);
		if (this.postgresql) {
			insertPostgresql(runId, distinct(sorted));
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

	/**
	 * Key, step, timestamp, value; written out rather than chained from
	 * {@code Comparator.comparing}, as it runs some ten thousand times a batch.
	 */
	private static int pointOrder(Metric a, Metric b) {
		int order = a.key().compareTo(b.key());
		if (order == 0) {
			order = Long.compare(a.step(), b.step());
		}
		if (order == 0) {
			order = Long.compare(a.timestamp(), b.timestamp());
		}
		return (order != 0) ? order : Double.compare(a.value(), b.value());
	}

	private static List<Object[]> rows(long runId, Collection<Metric> points) {
		List<Object[]> rows = new ArrayList<>(points.size());
		for (Metric point : points) {
			rows.add(new Object[] { runId, point.key(), point.value(), point.timestamp(), point.step() });
		}
		return rows;
	}

	/**
	 * PostgreSQL: the batch as one binary {@code COPY}, which skips the per-row work of
	 * {@code ON CONFLICT} (a speculative insertion into the unique index). A point that
	 * is already stored (a resent batch) fails the {@code COPY} with a unique violation:
	 * the savepoint undoes it and the batch goes through the deduplicating insert
	 * instead, in the same transaction. A resent batch fails on its first row, so the
	 * detour costs little more than the insert.
	 */
	private void insertPostgresql(long runId, List<Metric> points) {
		if (this.jdbcTemplate.queryForList(LOCK_RUN, Long.class, runId).isEmpty()) {
			throw new SlipwayException(ErrorCode.NOT_FOUND, "The run was deleted while its metrics were logged");
		}
		byte[] rows = copyRows(runId, points);
		this.jdbcTemplate.execute((ConnectionCallback<Void>) (connection) -> {
			Savepoint savepoint = connection.setSavepoint();
			try {
				connection.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyIn(COPY_POINTS, new ByteArrayInputStream(rows), rows.length);
			}
			catch (SQLException ex) {
				if (!UNIQUE_VIOLATION.equals(ex.getSQLState())) {
					throw ex;
				}
				connection.rollback(savepoint);
				insertAsArrays(connection, runId, points);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			connection.releaseSavepoint(savepoint);
			return null;
		});
	}

	/**
	 * Drops repeats of a point within a sorted batch, so that only a point stored by an
	 * earlier batch sends the {@code COPY} to the deduplicating insert. Equal as
	 * PostgreSQL's unique key sees it: NaN equals NaN, and -0.0 equals 0.0; the first of
	 * equal points is kept, as {@code ON CONFLICT DO NOTHING} keeps it.
	 */
	static List<Metric> distinct(List<Metric> sorted) {
		List<Metric> distinct = new ArrayList<>(sorted.size());
		Metric previous = null;
		for (Metric point : sorted) {
			if (previous == null || !samePoint(previous, point)) {
				distinct.add(point);
				previous = point;
			}
		}
		return distinct;
	}

	private static boolean samePoint(Metric a, Metric b) {
		return a.step() == b.step() && a.timestamp() == b.timestamp()
				&& (a.value() == b.value() || (Double.isNaN(a.value()) && Double.isNaN(b.value())))
				&& a.key().equals(b.key());
	}

	/**
	 * The batch in PostgreSQL's binary COPY format: header, one tuple per point, trailer.
	 * Sized first and written into one array (the batch is sorted, so a key's bytes are
	 * encoded once per run of equal keys).
	 */
	private static byte[] copyRows(long runId, List<Metric> points) {
		byte[][] keys = new byte[points.size()][];
		int size = COPY_HEADER.length + 2;
		String lastKey = null;
		byte[] lastKeyBytes = null;
		for (int i = 0; i < keys.length; i++) {
			String key = points.get(i).key();
			if (!key.equals(lastKey)) {
				lastKey = key;
				lastKeyBytes = key.getBytes(StandardCharsets.UTF_8);
			}
			keys[i] = lastKeyBytes;
			size += COPY_TUPLE_BYTES + lastKeyBytes.length;
		}
		ByteBuffer out = ByteBuffer.allocate(size);
		out.put(COPY_HEADER);
		for (int i = 0; i < keys.length; i++) {
			Metric point = points.get(i);
			out.putShort((short) 5).putInt(8).putLong(runId).putInt(keys[i].length).put(keys[i]);
			// One NaN for every NaN: doubleToLongBits, not the raw bits.
			out.putInt(8).putLong(Double.doubleToLongBits(point.value()));
			out.putInt(8).putLong(point.timestamp()).putInt(8).putLong(point.step());
		}
		out.putShort((short) -1);
		return out.array();
	}

	/**
	 * PostgreSQL, the deduplicating path: the whole batch as five arrays in one
	 * statement. Parsing and binding five parameters instead of five per point keeps it
	 * fast.
	 */
	private static void insertAsArrays(Connection connection, long runId, List<Metric> points) throws SQLException {
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
		try (PreparedStatement statement = connection.prepareStatement(INSERT_ARRAYS)) {
			statement.setArray(1, connection.createArrayOf("int8", runIds));
			statement.setArray(2, connection.createArrayOf("varchar", keys));
			statement.setArray(3, connection.createArrayOf("float8", values));
			statement.setArray(4, connection.createArrayOf("int8", timestamps));
			statement.setArray(5, connection.createArrayOf("int8", steps));
			statement.executeUpdate();
		}
	}

	/** The latest point of every key of each run in {@code runIds}, sorted by key. */
	Map<Long, List<Metric>> latest(Collection<Long> runIds) {
		Map<Long, List<Metric>> result = new LinkedHashMap<>();
		for (List<Long> chunk : TrackingRows.chunks(runIds)) {
			this.jdbc
				.sql("SELECT run_id, metric_key, metric_value, timestamp_ms, step FROM latest_metrics "
						+ "WHERE run_id = ANY(:ids) ORDER BY metric_key")
				.param("ids", TrackingRows.array(chunk))
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
