package dev.slipway.monitoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Hand-written SQL for {@code monitor_profiles} and {@code monitor_results}: the bulk
 * path of monitoring, one row per monitor, grain, window and column.
 */
@Repository
class ProfileRepository {

	/** The grain of reference rows. */
	static final String REFERENCE = "R";

	private static final String SELECT = "SELECT window_start, column_name, value_count, null_count, min_value, "
			+ "max_value, mean_value, m2_value, kll, items, hll, bins, bins_generation, bin_spec FROM monitor_profiles ";

	private final JdbcClient jdbc;

	ProfileRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A stored profile row. */
	record Row(long start, String column, ColumnProfile.Stored profile, String binSpec) {
	}

	/** A cached drift result. */
	record Result(long start, long generation, long monitorVersion, long rows, Double driftShare, String verdict,
			String json) {
	}

	/** The profile rows of these windows of one grain. */
	List<Row> windows(long monitorId, String grain, List<Long> starts) {
		if (starts.isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.sql(SELECT + "WHERE monitor_id = :id AND grain = :grain AND window_start IN (:starts) "
					+ "ORDER BY window_start, column_name")
			.param("id", monitorId)
			.param("grain", grain)
			.param("starts", starts)
			.query(ProfileRepository::row)
			.list();
	}

	/** The profile rows of one grain with {@code from ≤ start < to}, oldest first. */
	List<Row> range(long monitorId, String grain, long from, long to) {
		return this.jdbc
			.sql(SELECT + "WHERE monitor_id = ? AND grain = ? AND window_start >= ? AND window_start < ? "
					+ "ORDER BY window_start, column_name")
			.params(monitorId, grain, from, to)
			.query(ProfileRepository::row)
			.list();
	}

	/** The reference rows of a monitor. */
	List<Row> reference(long monitorId) {
		return this.jdbc.sql(SELECT + "WHERE monitor_id = ? AND grain = 'R' ORDER BY column_name")
			.params(monitorId)
			.query(ProfileRepository::row)
			.list();
	}

	/**
	 * Window starts of one grain in {@code [from, to)}, newest first, at most
	 * {@code limit}.
	 */
	List<Long> starts(long monitorId, String grain, long from, long to, int limit) {
		return this.jdbc
			.sql("SELECT DISTINCT window_start FROM monitor_profiles WHERE monitor_id = ? AND grain = ? "
					+ "AND window_start >= ? AND window_start < ? ORDER BY window_start DESC FETCH FIRST " + limit
					+ " ROWS ONLY")
			.params(monitorId, grain, from, to)
			.query(Long.class)
			.list();
	}

	/** Inserts new rows (none of them may exist). */
	void insert(long monitorId, String grain, List<Row> rows, long now) {
		for (Row row : rows) {
			ColumnProfile.Stored p = row.profile();
			this.jdbc.sql("INSERT INTO monitor_profiles (monitor_id, grain, window_start, column_name, value_count, "
					+ "null_count, min_value, max_value, mean_value, m2_value, kll, items, hll, bins, "
					+ "bins_generation, bin_spec, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(monitorId, grain, row.start(), row.column(), p.count(), p.nulls(), p.min(), p.max(), p.mean(),
						p.m2(), bytes(p.kll()), bytes(p.items()), bytes(p.hll()), bytes(p.bins()), p.binsGeneration(),
						row.binSpec(), now)
				.update();
		}
	}

	/** Overwrites existing rows with their merged profiles. */
	void update(long monitorId, String grain, List<Row> rows, long now) {
		for (Row row : rows) {
			ColumnProfile.Stored p = row.profile();
			this.jdbc
				.sql("UPDATE monitor_profiles SET value_count = ?, null_count = ?, min_value = ?, max_value = ?, "
						+ "mean_value = ?, m2_value = ?, kll = ?, items = ?, hll = ?, bins = ?, bins_generation = ?, "
						+ "updated_at = ? WHERE monitor_id = ? AND grain = ? AND window_start = ? AND column_name = ?")
				.params(p.count(), p.nulls(), p.min(), p.max(), p.mean(), p.m2(), bytes(p.kll()), bytes(p.items()),
						bytes(p.hll()), bytes(p.bins()), p.binsGeneration(), now, monitorId, grain, row.start(),
						row.column())
				.update();
		}
	}

	/** Removes a monitor's reference rows. */
	void deleteReference(long monitorId) {
		this.jdbc.sql("DELETE FROM monitor_profiles WHERE monitor_id = ? AND grain = 'R'").params(monitorId).update();
	}

	/** The cached result of a window, if any. */
	Optional<Result> result(long monitorId, String grain, long start) {
		return this.jdbc
			.sql("SELECT window_start, reference_generation, monitor_version, row_count, drift_share, verdict, "
					+ "result_json FROM monitor_results WHERE monitor_id = ? AND grain = ? AND window_start = ?")
			.params(monitorId, grain, start)
			.query(ProfileRepository::result)
			.optional();
	}

	/** The cached results of one grain with {@code from ≤ start < to}, oldest first. */
	List<Result> results(long monitorId, String grain, long from, long to) {
		return this.jdbc
			.sql("SELECT window_start, reference_generation, monitor_version, row_count, drift_share, verdict, "
					+ "result_json FROM monitor_results WHERE monitor_id = ? AND grain = ? AND window_start >= ? "
					+ "AND window_start < ? ORDER BY window_start")
			.params(monitorId, grain, from, to)
			.query(ProfileRepository::result)
			.list();
	}

	/** Stores a window's result, replacing an older one. */
	void saveResult(long monitorId, String grain, Result result, long now) {
		this.jdbc.sql("DELETE FROM monitor_results WHERE monitor_id = ? AND grain = ? AND window_start = ?")
			.params(monitorId, grain, result.start())
			.update();
		this.jdbc
			.sql("INSERT INTO monitor_results (monitor_id, grain, window_start, reference_generation, monitor_version, "
					+ "row_count, drift_share, verdict, result_json, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(monitorId, grain, result.start(), result.generation(), result.monitorVersion(), result.rows(),
					result.driftShare(), result.verdict(), result.json(), now)
			.update();
	}

	/** Forgets the results of windows whose data changed. */
	void deleteResults(long monitorId, String grain, List<Long> starts) {
		if (!starts.isEmpty()) {
			this.jdbc.sql(
					"DELETE FROM monitor_results WHERE monitor_id = :id AND grain = :grain AND window_start IN (:starts)")
				.param("id", monitorId)
				.param("grain", grain)
				.param("starts", starts)
				.update();
		}
	}

	private static Object bytes(byte[] value) {
		return (value != null) ? value : new SqlNull();
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		ColumnProfile.Stored stored = new ColumnProfile.Stored(rs.getLong("value_count"), rs.getLong("null_count"),
				nullableDouble(rs, "min_value"), nullableDouble(rs, "max_value"), nullableDouble(rs, "mean_value"),
				nullableDouble(rs, "m2_value"), rs.getBytes("kll"), rs.getBytes("items"), rs.getBytes("hll"),
				rs.getBytes("bins"), rs.getLong("bins_generation"));
		return new Row(rs.getLong("window_start"), rs.getString("column_name"), stored, rs.getString("bin_spec"));
	}

	private static Result result(ResultSet rs, int n) throws SQLException {
		return new Result(rs.getLong("window_start"), rs.getLong("reference_generation"), rs.getLong("monitor_version"),
				rs.getLong("row_count"), nullableDouble(rs, "drift_share"), rs.getString("verdict"),
				rs.getString("result_json"));
	}

	private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

	/**
	 * A typed SQL NULL for a binary column, which a plain null cannot convey to every
	 * driver.
	 */
	private static final class SqlNull extends org.springframework.jdbc.core.SqlParameterValue {

		SqlNull() {
			super(Types.VARBINARY, null);
		}

	}

	static List<Long> startsOf(List<Row> rows) {
		List<Long> starts = new ArrayList<>();
		for (Row row : rows) {
			if (starts.isEmpty() || starts.get(starts.size() - 1) != row.start()) {
				starts.add(row.start());
			}
		}
		return starts;
	}

	/** The performance states of these windows, by window start. */
	java.util.Map<Long, String> performance(long monitorId, String grain, List<Long> starts) {
		java.util.Map<Long, String> states = new java.util.HashMap<>();
		if (!starts.isEmpty()) {
			this.jdbc
				.sql("SELECT window_start, state FROM monitor_performance WHERE monitor_id = :id AND grain = :grain "
						+ "AND window_start IN (:starts)")
				.param("id", monitorId)
				.param("grain", grain)
				.param("starts", starts)
				.query((rs, n) -> states.put(rs.getLong(1), rs.getString(2)))
				.list();
		}
		return states;
	}

	/** Writes a window's performance state, inserting or replacing it. */
	void savePerformance(long monitorId, String grain, long start, long labeled, String state, boolean exists,
			long now) {
		if (exists) {
			this.jdbc
				.sql("UPDATE monitor_performance SET labeled = ?, state = ?, updated_at = ? WHERE monitor_id = ? "
						+ "AND grain = ? AND window_start = ?")
				.params(labeled, state, now, monitorId, grain, start)
				.update();
		}
		else {
			this.jdbc
				.sql("INSERT INTO monitor_performance (monitor_id, grain, window_start, labeled, state, updated_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?)")
				.params(monitorId, grain, start, labeled, state, now)
				.update();
		}
	}

	/**
	 * Files predictions that wait for their label; an id already waiting keeps its first.
	 */
	void addPending(long monitorId, List<Profiler.Pending> pending, long now) {
		for (Profiler.Pending p : pending) {
			this.jdbc.sql(
					"INSERT INTO monitor_predictions (monitor_id, prediction_id, window_start, predicted, probability, "
							+ "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
				.params(monitorId, p.id(), p.start(), p.predicted(),
						Double.isNaN(p.probability()) ? null : p.probability(), now)
				.update();
		}
	}

	/** The waiting predictions with these ids. */
	List<Profiler.Pending> pending(long monitorId, List<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.sql("SELECT prediction_id, window_start, predicted, probability FROM monitor_predictions "
					+ "WHERE monitor_id = :id AND prediction_id IN (:ids)")
			.param("id", monitorId)
			.param("ids", ids)
			.query((rs, n) -> {
				double probability = rs.getDouble(4);
				return new Profiler.Pending(rs.getString(1), rs.getLong(2), rs.getString(3),
						rs.wasNull() ? Double.NaN : probability);
			})
			.list();
	}

	/** Forgets waiting predictions (their labels arrived). */
	void deletePending(long monitorId, List<String> ids) {
		if (!ids.isEmpty()) {
			this.jdbc.sql("DELETE FROM monitor_predictions WHERE monitor_id = :id AND prediction_id IN (:ids)")
				.param("id", monitorId)
				.param("ids", ids)
				.update();
		}
	}

	/** Forgets predictions older than {@code before} that never got a label. */
	int purgePending(long before) {
		return this.jdbc.sql("DELETE FROM monitor_predictions WHERE created_at < ?").params(before).update();
	}

	/** Predictions still waiting for a label, per monitor window of one grain. */
	long pendingCount(long monitorId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM monitor_predictions WHERE monitor_id = ?")
			.params(monitorId)
			.query(Long.class)
			.single();
	}

}
