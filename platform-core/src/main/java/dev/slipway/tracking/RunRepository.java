package dev.slipway.tracking;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.slipway.query.KeyValue;
import dev.slipway.query.SqlQuery;
import dev.slipway.system.DatabaseTarget;
import org.postgresql.PGStatement;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Hand-written SQL for {@code runs}, {@code run_params} and {@code run_tags}. */
@Repository
class RunRepository {

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final boolean postgresql;

	RunRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, DatabaseTarget database) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.postgresql = database.kind() == DatabaseTarget.Kind.POSTGRESQL;
	}

	/**
	 * The ids a search statement selects, in its order. The filter's literals are bound
	 * parameters. The driver would prepare the statement on the server from its fifth
	 * execution, and PostgreSQL may then switch it to a generic plan, estimated without
	 * the values: for a filter on a param and a metric ordered by that metric, 24 ms
	 * against 2 ms for the custom plan at 10,000 runs, 164 ms against 9 ms at 100,000. On
	 * PostgreSQL the search statement is therefore never prepared on the server (an
	 * unnamed statement is planned with its values each time); the reads that follow it,
	 * whose ids arrive as one array, keep their prepared generic plans, as planning an
	 * array of 1,000 ids anew cost more than it saved.
	 */
	List<Long> searchIds(SqlQuery query) {
		PreparedStatementCreator creator = (connection) -> {
			PreparedStatement statement = connection.prepareStatement(query.sql());
			if (this.postgresql) {
				statement.unwrap(PGStatement.class).setPrepareThreshold(0);
			}
			new ArgumentPreparedStatementSetter(query.args().toArray()).setValues(statement);
			return statement;
		};
		return this.jdbcTemplate.query(creator, (rs, n) -> rs.getLong(1));
	}

	/** A row of {@code runs}. */
	record RunRow(long id, String runUuid, long experimentId, String runName, String userId, RunStatus status,
			Long startTime, Long endTime, String artifactUri, String lifecycleStage) {

		boolean isActive() {
			return "active".equals(this.lifecycleStage);
		}

		RunInfo toInfo() {
			return new RunInfo(this.runUuid, this.runName, String.valueOf(this.experimentId), this.userId, this.status,
					this.startTime, this.endTime, this.artifactUri, this.lifecycleStage);
		}

	}

	long insert(String runUuid, long experimentId, String runName, String userId, RunStatus status, Long startTime,
			String artifactUri) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql(
				"INSERT INTO runs (run_uuid, experiment_id, run_name, user_id, status, start_time, artifact_uri, lifecycle_stage) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, 'active')")
			.params(runUuid, experimentId, runName, userId, status.name(), startTime, artifactUri)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	Optional<RunRow> findByUuid(String runUuid) {
		return this.jdbc.sql("SELECT * FROM runs WHERE run_uuid = ?")
			.param(runUuid)
			.query(RunRepository::row)
			.optional();
	}

	/** Rows for {@code ids}, in the order of {@code ids}. */
	List<RunRow> findAll(List<Long> ids) {
		return TrackingRows.inIdOrder(this.jdbc, "SELECT * FROM runs WHERE id = ANY(:ids)", ids, RunRepository::row,
				RunRow::id);
	}

	void update(long id, RunStatus status, Long endTime, String runName) {
		this.jdbc.sql("UPDATE runs SET status = ?, end_time = ?, run_name = ? WHERE id = ?")
			.params(status.name(), endTime, runName, id)
			.update();
	}

	void setLifecycleStage(long id, String stage, Long deletedTime) {
		this.jdbc.sql("UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE id = ?")
			.params(stage, deletedTime, id)
			.update();
	}

	void setRunName(long id, String runName) {
		this.jdbc.sql("UPDATE runs SET run_name = ? WHERE id = ?").params(runName, id).update();
	}

	Map<String, String> params(long runId, Collection<String> keys) {
		Map<String, String> found = new LinkedHashMap<>();
		if (keys.isEmpty()) {
			return found;
		}
		this.jdbc.sql("SELECT param_key, param_value FROM run_params WHERE run_id = :run AND param_key IN (:keys)")
			.param("run", runId)
			.param("keys", keys)
			.query((rs, n) -> found.put(rs.getString(1), rs.getString(2)))
			.list();
		return found;
	}

	void insertParams(long runId, List<KeyValue> params) {
		for (KeyValue param : params) {
			this.jdbc
				.sql("INSERT INTO run_params (run_id, param_key, param_value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
				.params(runId, param.key(), param.value())
				.update();
		}
	}

	void setTag(long runId, String key, String value) {
		TrackingRows.upsert(this.jdbc, "run_tags", "run_id", "tag_key", "tag_value", runId, key, value);
	}

	int deleteTag(long runId, String key) {
		return this.jdbc.sql("DELETE FROM run_tags WHERE run_id = ? AND tag_key = ?").params(runId, key).update();
	}

	/** Params of each run in {@code runIds}, sorted by key. */
	Map<Long, List<KeyValue>> params(Collection<Long> runIds) {
		return TrackingRows.byOwner(this.jdbc,
				"SELECT run_id, param_key, param_value FROM run_params WHERE run_id = ANY(:ids) ORDER BY param_key",
				runIds);
	}

	/** Tags of each run in {@code runIds}, sorted by key. */
	Map<Long, List<KeyValue>> tags(Collection<Long> runIds) {
		return TrackingRows.byOwner(this.jdbc,
				"SELECT run_id, tag_key, tag_value FROM run_tags WHERE run_id = ANY(:ids) ORDER BY tag_key", runIds);
	}

	private static RunRow row(ResultSet rs, int n) throws SQLException {
		return new RunRow(rs.getLong("id"), rs.getString("run_uuid"), rs.getLong("experiment_id"),
				rs.getString("run_name"), rs.getString("user_id"), RunStatus.valueOf(rs.getString("status")),
				rs.getObject("start_time", Long.class), rs.getObject("end_time", Long.class),
				rs.getString("artifact_uri"), rs.getString("lifecycle_stage"));
	}

}
