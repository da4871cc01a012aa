package dev.slipway.pipelines;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Rows of {@code pipeline_runs}, {@code pipeline_step_runs}, {@code pipeline_attempts}
 * and {@code pipeline_state_changes}. State changes are compare-and-set
 * ({@code WHERE state =
 * ?}), made while the run's row is locked ({@link #lock}).
 */
@Repository
class PipelineRunRepository {

	private final JdbcClient jdbc;

	PipelineRunRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A row of {@code pipeline_runs}. */
	record RunRow(long id, long pipelineId, long versionId, RunState state, String parametersJson, boolean cacheEnabled,
			String executor, RunCause cause, String causeDetail, Long scheduleId, Long triggerId, Long scheduledFor,
			String trackingRunId, String codeVersion, String createdBy, long createdAt, Long startedAt, Long endedAt,
			Long cancelRequestedAt, String message) {
	}

	/** A row of {@code pipeline_step_runs}. */
	record StepRow(long id, long runId, String stepName, StepState state, int attempts, int firstAttempt,
			String cacheKey, Long cachedFrom, String trackingRunId, String outputsJson, Long startedAt, Long endedAt,
			String message) {
	}

	/** A row of {@code pipeline_attempts}. */
	record AttemptRow(long id, long stepRunId, int attempt, String state, String executor, long notBefore, String owner,
			String externalId, String host, Long pid, Long processStartedAt, Integer exitCode, Long tokenId,
			Long startedAt, Long endedAt, String message) {

		boolean ended() {
			return !"SCHEDULED".equals(this.state) && !"RUNNING".equals(this.state);
		}

	}

	/** What a new run is made of. */
	record NewRunRow(long pipelineId, long versionId, String parametersJson, boolean cacheEnabled, String executor,
			RunCause cause, String causeDetail, Long scheduleId, Long triggerId, Long scheduledFor, String codeVersion,
			String createdBy) {
	}

	long insertRun(NewRunRow run, long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO pipeline_runs (pipeline_id, version_id, state, parameters_json, cache_enabled, executor, "
					+ "cause, cause_detail, schedule_id, trigger_id, scheduled_for, code_version, created_by, created_at) "
					+ "VALUES (?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(run.pipelineId(), run.versionId(), run.parametersJson(), run.cacheEnabled(), run.executor(),
					run.cause().name(), run.causeDetail(), run.scheduleId(), run.triggerId(), run.scheduledFor(),
					run.codeVersion(), run.createdBy(), now)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	long insertStep(long runId, String stepName) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO pipeline_step_runs (run_id, step_name, state, attempts, first_attempt) "
					+ "VALUES (?, ?, 'PENDING', 0, 1)")
			.params(runId, stepName)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	Optional<RunRow> find(long id) {
		return this.jdbc.sql("SELECT * FROM pipeline_runs WHERE id = ?")
			.param(id)
			.query(PipelineRunRepository::runRow)
			.optional();
	}

	/** Locks the run's row: every change of a run and its steps happens under it. */
	Optional<RunRow> lock(long id) {
		return this.jdbc.sql("SELECT * FROM pipeline_runs WHERE id = ? FOR UPDATE")
			.param(id)
			.query(PipelineRunRepository::runRow)
			.optional();
	}

	/** Runs of a pipeline, newest first, with ids below {@code beforeId}. */
	List<RunRow> runs(long pipelineId, long beforeId, RunState state, int limit) {
		String sql = "SELECT * FROM pipeline_runs WHERE pipeline_id = ? AND id < ?"
				+ ((state != null) ? " AND state = ?" : "") + " ORDER BY id DESC LIMIT " + limit;
		var spec = this.jdbc.sql(sql).param(pipelineId).param(beforeId);
		if (state != null) {
			spec = spec.param(state.name());
		}
		return spec.query(PipelineRunRepository::runRow).list();
	}

	/** Runs in any of these states, oldest first, at most {@code limit}. */
	List<Long> idsInStates(List<RunState> states, int limit) {
		return this.jdbc.sql("SELECT id FROM pipeline_runs WHERE state IN ("
				+ String.join(", ", java.util.Collections.nCopies(states.size(), "?")) + ") ORDER BY id LIMIT " + limit)
			.params(states.stream().map(Enum::name).toList())
			.query(Long.class)
			.list();
	}

	/** How many runs a schedule has that have not ended. */
	int activeRunsOfSchedule(long scheduleId) {
		return this.jdbc
			.sql("SELECT COUNT(*) FROM pipeline_runs WHERE schedule_id = ? "
					+ "AND state IN ('PENDING', 'RUNNING', 'CANCELING')")
			.param(scheduleId)
			.query(Integer.class)
			.single();
	}

	boolean setRunState(long id, RunState from, RunState to, Long startedAt, Long endedAt, String message) {
		return this.jdbc
			.sql("UPDATE pipeline_runs SET state = ?, started_at = COALESCE(started_at, ?), ended_at = ?, "
					+ "message = ? WHERE id = ? AND state = ?")
			.params(to.name(), startedAt, endedAt, message, id, from.name())
			.update() > 0;
	}

	void setRunTracking(long id, String trackingRunId) {
		this.jdbc.sql("UPDATE pipeline_runs SET tracking_run_id = ? WHERE id = ?").params(trackingRunId, id).update();
	}

	void requestCancel(long id, long now) {
		this.jdbc.sql("UPDATE pipeline_runs SET cancel_requested_at = ? WHERE id = ? AND cancel_requested_at IS NULL")
			.params(now, id)
			.update();
	}

	void clearCancel(long id) {
		this.jdbc.sql("UPDATE pipeline_runs SET cancel_requested_at = NULL WHERE id = ?").param(id).update();
	}

	List<StepRow> steps(long runId) {
		return this.jdbc.sql("SELECT * FROM pipeline_step_runs WHERE run_id = ? ORDER BY id")
			.param(runId)
			.query(PipelineRunRepository::stepRow)
			.list();
	}

	List<StepRow> stepsOf(List<Long> runIds) {
		if (runIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.sql("SELECT * FROM pipeline_step_runs WHERE run_id IN ("
					+ String.join(", ", java.util.Collections.nCopies(runIds.size(), "?")) + ") ORDER BY id")
			.params(runIds)
			.query(PipelineRunRepository::stepRow)
			.list();
	}

	Optional<StepRow> findStep(long id) {
		return this.jdbc.sql("SELECT * FROM pipeline_step_runs WHERE id = ?")
			.param(id)
			.query(PipelineRunRepository::stepRow)
			.optional();
	}

	boolean setStepState(long id, StepState from, StepState to, Long startedAt, Long endedAt, String message) {
		return this.jdbc
			.sql("UPDATE pipeline_step_runs SET state = ?, started_at = COALESCE(started_at, ?), ended_at = ?, "
					+ "message = ? WHERE id = ? AND state = ?")
			.params(to.name(), startedAt, endedAt, message, id, from.name())
			.update() > 0;
	}

	/** Puts an ended step back to PENDING for a retry of its run. */
	void resetStep(long id) {
		this.jdbc
			.sql("UPDATE pipeline_step_runs SET state = 'PENDING', ended_at = NULL, message = NULL, "
					+ "outputs_json = NULL, first_attempt = attempts + 1 WHERE id = ?")
			.param(id)
			.update();
	}

	void setStepCache(long id, String cacheKey, Long cachedFrom, String outputsJson) {
		this.jdbc.sql("UPDATE pipeline_step_runs SET cache_key = ?, cached_from = ?, outputs_json = ? WHERE id = ?")
			.params(cacheKey, cachedFrom, outputsJson, id)
			.update();
	}

	void setStepOutputs(long id, String outputsJson) {
		this.jdbc.sql("UPDATE pipeline_step_runs SET outputs_json = ? WHERE id = ?").params(outputsJson, id).update();
	}

	void setStepTracking(long id, String trackingRunId) {
		this.jdbc.sql("UPDATE pipeline_step_runs SET tracking_run_id = ? WHERE id = ?")
			.params(trackingRunId, id)
			.update();
	}

	/**
	 * The newest succeeded step run with this cache key (a CACHED step points at its
	 * source), or empty.
	 */
	List<StepRow> cacheCandidates(String cacheKey, long excludeRunId, int limit) {
		return this.jdbc
			.sql("SELECT * FROM pipeline_step_runs WHERE cache_key = ? AND state = 'SUCCEEDED' AND run_id <> ? "
					+ "ORDER BY id DESC LIMIT " + limit)
			.params(cacheKey, excludeRunId)
			.query(PipelineRunRepository::stepRow)
			.list();
	}

	long insertAttempt(long stepRunId, int attempt, String executor, long notBefore) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO pipeline_attempts (step_run_id, attempt, state, executor, not_before) "
					+ "VALUES (?, ?, 'SCHEDULED', ?, ?)")
			.params(stepRunId, attempt, executor, notBefore)
			.update(keys, "id");
		this.jdbc.sql("UPDATE pipeline_step_runs SET attempts = ? WHERE id = ?").params(attempt, stepRunId).update();
		return keys.getKey().longValue();
	}

	Optional<AttemptRow> findAttempt(long id) {
		return this.jdbc.sql("SELECT * FROM pipeline_attempts WHERE id = ?")
			.param(id)
			.query(PipelineRunRepository::attemptRow)
			.optional();
	}

	List<AttemptRow> attempts(long stepRunId) {
		return this.jdbc.sql("SELECT * FROM pipeline_attempts WHERE step_run_id = ? ORDER BY attempt")
			.param(stepRunId)
			.query(PipelineRunRepository::attemptRow)
			.list();
	}

	List<AttemptRow> attemptsOfRun(long runId) {
		return this.jdbc
			.sql("SELECT a.* FROM pipeline_attempts a JOIN pipeline_step_runs s ON s.id = a.step_run_id "
					+ "WHERE s.run_id = ? ORDER BY a.step_run_id, a.attempt")
			.param(runId)
			.query(PipelineRunRepository::attemptRow)
			.list();
	}

	boolean markAttemptRunning(long id, String owner, StartedAttempt started, Long tokenId, long now) {
		return this.jdbc
			.sql("UPDATE pipeline_attempts SET state = 'RUNNING', owner = ?, external_id = ?, host = ?, pid = ?, "
					+ "process_started_at = ?, token_id = ?, started_at = ? WHERE id = ? AND state = 'SCHEDULED'")
			.params(owner, started.externalId(), started.host(), started.pid(),
					(started.startedAt() != null) ? started.startedAt().toEpochMilli() : null, tokenId, now, id)
			.update() > 0;
	}

	void setAttemptToken(long id, Long tokenId) {
		this.jdbc.sql("UPDATE pipeline_attempts SET token_id = ? WHERE id = ?").params(tokenId, id).update();
	}

	boolean endAttempt(long id, String state, Integer exitCode, String message, long now) {
		return this.jdbc
			.sql("UPDATE pipeline_attempts SET state = ?, exit_code = ?, message = ?, ended_at = ? "
					+ "WHERE id = ? AND state IN ('SCHEDULED', 'RUNNING')")
			.params(state, exitCode, message, now, id)
			.update() > 0;
	}

	void insertChange(long runId, String stepName, Integer attempt, String from, String to, String reason, String actor,
			long now) {
		this.jdbc
			.sql("INSERT INTO pipeline_state_changes (run_id, step_name, attempt, from_state, to_state, reason, actor, "
					+ "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(runId, stepName, attempt, from, to, truncate(reason, 2000), actor, now)
			.update();
	}

	List<StateChange> changes(long runId, int limit) {
		return this.jdbc.sql("SELECT * FROM pipeline_state_changes WHERE run_id = ? ORDER BY id LIMIT " + limit)
			.param(runId)
			.query((rs, n) -> new StateChange(rs.getString("step_name"), nullableInt(rs, "attempt"),
					rs.getString("from_state"), rs.getString("to_state"), rs.getString("reason"), rs.getString("actor"),
					rs.getLong("changed_at")))
			.list();
	}

	static String truncate(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

	private static RunRow runRow(ResultSet rs, int rowNum) throws SQLException {
		return new RunRow(rs.getLong("id"), rs.getLong("pipeline_id"), rs.getLong("version_id"),
				RunState.valueOf(rs.getString("state")), rs.getString("parameters_json"),
				rs.getBoolean("cache_enabled"), rs.getString("executor"), RunCause.valueOf(rs.getString("cause")),
				rs.getString("cause_detail"), nullableLong(rs, "schedule_id"), nullableLong(rs, "trigger_id"),
				nullableLong(rs, "scheduled_for"), rs.getString("tracking_run_id"), rs.getString("code_version"),
				rs.getString("created_by"), rs.getLong("created_at"), nullableLong(rs, "started_at"),
				nullableLong(rs, "ended_at"), nullableLong(rs, "cancel_requested_at"), rs.getString("message"));
	}

	private static StepRow stepRow(ResultSet rs, int rowNum) throws SQLException {
		return new StepRow(rs.getLong("id"), rs.getLong("run_id"), rs.getString("step_name"),
				StepState.valueOf(rs.getString("state")), rs.getInt("attempts"), rs.getInt("first_attempt"),
				rs.getString("cache_key"), nullableLong(rs, "cached_from"), rs.getString("tracking_run_id"),
				rs.getString("outputs_json"), nullableLong(rs, "started_at"), nullableLong(rs, "ended_at"),
				rs.getString("message"));
	}

	private static AttemptRow attemptRow(ResultSet rs, int rowNum) throws SQLException {
		return new AttemptRow(rs.getLong("id"), rs.getLong("step_run_id"), rs.getInt("attempt"), rs.getString("state"),
				rs.getString("executor"), rs.getLong("not_before"), rs.getString("owner"), rs.getString("external_id"),
				rs.getString("host"), nullableLong(rs, "pid"), nullableLong(rs, "process_started_at"),
				nullableInt(rs, "exit_code"), nullableLong(rs, "token_id"), nullableLong(rs, "started_at"),
				nullableLong(rs, "ended_at"), rs.getString("message"));
	}

	static Long nullableLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	static Integer nullableInt(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

}
