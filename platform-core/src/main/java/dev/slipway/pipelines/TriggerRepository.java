package dev.slipway.pipelines;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import static dev.slipway.pipelines.PipelineRunRepository.nullableLong;

/** Rows of {@code pipeline_triggers} and {@code pipeline_trigger_firings}. */
@Repository
class TriggerRepository {

	private final JdbcClient jdbc;

	TriggerRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A row of {@code pipeline_triggers}. */
	record TriggerRow(long id, long pipelineId, String name, TriggerKind kind, String sourceName, String parametersJson,
			long cooldownSeconds, boolean enabled, Long lastFiredAt, String message, String createdBy, long createdAt,
			long updatedAt) {
	}

	long insert(long pipelineId, String name, TriggerKind kind, String sourceName, String parametersJson,
			long cooldownSeconds, boolean enabled, String createdBy, long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO pipeline_triggers (pipeline_id, name, kind, source_name, parameters_json, "
					+ "cooldown_seconds, enabled, created_by, created_at, updated_at, version) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")
			.params(pipelineId, name, kind.name(), sourceName, parametersJson, cooldownSeconds, enabled, createdBy, now,
					now)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	Optional<TriggerRow> find(long pipelineId, String name) {
		return this.jdbc.sql("SELECT * FROM pipeline_triggers WHERE pipeline_id = ? AND name = ?")
			.params(pipelineId, name)
			.query(TriggerRepository::row)
			.optional();
	}

	/** Locks the trigger's row: its firings are decided one at a time. */
	Optional<TriggerRow> lock(long id) {
		return this.jdbc.sql("SELECT * FROM pipeline_triggers WHERE id = ? FOR UPDATE")
			.param(id)
			.query(TriggerRepository::row)
			.optional();
	}

	List<TriggerRow> list(long pipelineId, int limit) {
		return this.jdbc.sql("SELECT * FROM pipeline_triggers WHERE pipeline_id = ? ORDER BY name LIMIT " + limit)
			.param(pipelineId)
			.query(TriggerRepository::row)
			.list();
	}

	int count(long pipelineId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM pipeline_triggers WHERE pipeline_id = ?")
			.param(pipelineId)
			.query(Integer.class)
			.single();
	}

	/**
	 * Enabled triggers of this kind whose source is {@code sourceName} or any, at most
	 * {@code limit} (through {@code ix_pipeline_triggers_kind}).
	 */
	List<Long> matching(TriggerKind kind, String sourceName, int limit) {
		return this.jdbc
			.sql("SELECT id FROM pipeline_triggers WHERE kind = ? AND enabled = TRUE "
					+ "AND (source_name IS NULL OR source_name = ?) ORDER BY id LIMIT " + limit)
			.params(kind.name(), sourceName)
			.query(Long.class)
			.list();
	}

	/**
	 * The pipelines whose PIPELINE_SUCCEEDED triggers (enabled or not) listen to
	 * {@code pipelineName}.
	 */
	List<String> pipelinesTriggeredBy(String pipelineName, int limit) {
		return this.jdbc
			.sql("SELECT DISTINCT p.name FROM pipeline_triggers t JOIN pipelines p ON p.id = t.pipeline_id "
					+ "WHERE t.kind = 'PIPELINE_SUCCEEDED' AND t.source_name = ? ORDER BY p.name LIMIT " + limit)
			.param(pipelineName)
			.query(String.class)
			.list();
	}

	void update(long id, String sourceName, String parametersJson, long cooldownSeconds, boolean enabled,
			String message, long now) {
		this.jdbc
			.sql("UPDATE pipeline_triggers SET source_name = ?, parameters_json = ?, cooldown_seconds = ?, "
					+ "enabled = ?, message = ?, updated_at = ?, version = version + 1 WHERE id = ?")
			.params(sourceName, parametersJson, cooldownSeconds, enabled, message, now, id)
			.update();
	}

	void fired(long id, long now) {
		this.jdbc.sql("UPDATE pipeline_triggers SET last_fired_at = ? WHERE id = ?").params(now, id).update();
	}

	/** Disables the trigger, saying why. */
	void disable(long id, String reason, long now) {
		this.jdbc
			.sql("UPDATE pipeline_triggers SET enabled = FALSE, message = ?, updated_at = ?, version = version + 1 "
					+ "WHERE id = ?")
			.params(PipelineRunRepository.truncate(reason, 2000), now, id)
			.update();
	}

	void delete(long id) {
		this.jdbc.sql("DELETE FROM pipeline_triggers WHERE id = ?").param(id).update();
	}

	boolean firingExists(long triggerId, String dedupKey) {
		return this.jdbc.sql("SELECT COUNT(*) FROM pipeline_trigger_firings WHERE trigger_id = ? AND dedup_key = ?")
			.params(triggerId, dedupKey)
			.query(Integer.class)
			.single() > 0;
	}

	void insertFiring(long triggerId, String dedupKey, Long runId, String outcome, String message, long now) {
		this.jdbc
			.sql("INSERT INTO pipeline_trigger_firings (trigger_id, dedup_key, run_id, outcome, fired_at, message) "
					+ "VALUES (?, ?, ?, ?, ?, ?)")
			.params(triggerId, dedupKey, runId, outcome, now, PipelineRunRepository.truncate(message, 2000))
			.update();
	}

	/** The trigger's firings, newest first, at most {@code limit}. */
	List<TriggerFiring> firings(long triggerId, int limit) {
		return this.jdbc
			.sql("SELECT * FROM pipeline_trigger_firings WHERE trigger_id = ? ORDER BY fired_at DESC, dedup_key "
					+ "LIMIT " + limit)
			.param(triggerId)
			.query((rs, n) -> new TriggerFiring(rs.getString("dedup_key"), rs.getString("outcome"),
					nullableLong(rs, "run_id"), rs.getLong("fired_at"), rs.getString("message")))
			.list();
	}

	private static TriggerRow row(ResultSet rs, int rowNum) throws SQLException {
		return new TriggerRow(rs.getLong("id"), rs.getLong("pipeline_id"), rs.getString("name"),
				TriggerKind.valueOf(rs.getString("kind")), rs.getString("source_name"), rs.getString("parameters_json"),
				rs.getLong("cooldown_seconds"), rs.getBoolean("enabled"), nullableLong(rs, "last_fired_at"),
				rs.getString("message"), rs.getString("created_by"), rs.getLong("created_at"),
				rs.getLong("updated_at"));
	}

}
