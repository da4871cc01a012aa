package dev.slipway.pipelines;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import static dev.slipway.pipelines.PipelineRunRepository.nullableInt;
import static dev.slipway.pipelines.PipelineRunRepository.nullableLong;

/** Rows of {@code pipeline_schedules}. */
@Repository
class ScheduleRepository {

	private final JdbcClient jdbc;

	ScheduleRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A row of {@code pipeline_schedules}. */
	record ScheduleRow(long id, long pipelineId, String name, String cron, Long intervalSeconds, String timeZone,
			Long startAt, Long endAt, int maxConcurrent, int catchupLimit, Integer pinnedVersion, String parametersJson,
			boolean enabled, long anchorAt, Long lastFiredAt, Long nextFireAt, long skippedCount, String message,
			String createdBy, long createdAt, long updatedAt) {
	}

	/** The settable fields of a schedule. */
	record Fields(String cron, Long intervalSeconds, String timeZone, Long startAt, Long endAt, int maxConcurrent,
			int catchupLimit, Integer pinnedVersion, String parametersJson, boolean enabled) {
	}

	long insert(long pipelineId, String name, Fields fields, long anchorAt, Long nextFireAt, String createdBy,
			long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO pipeline_schedules (pipeline_id, name, cron, interval_seconds, time_zone, start_at, "
					+ "end_at, max_concurrent, catchup_limit, pinned_version, parameters_json, enabled, anchor_at, "
					+ "next_fire_at, skipped_count, created_by, created_at, updated_at, version) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0)")
			.params(pipelineId, name, fields.cron(), fields.intervalSeconds(), fields.timeZone(), fields.startAt(),
					fields.endAt(), fields.maxConcurrent(), fields.catchupLimit(), fields.pinnedVersion(),
					fields.parametersJson(), fields.enabled(), anchorAt, nextFireAt, createdBy, now, now)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	Optional<ScheduleRow> find(long pipelineId, String name) {
		return this.jdbc.sql("SELECT * FROM pipeline_schedules WHERE pipeline_id = ? AND name = ?")
			.params(pipelineId, name)
			.query(ScheduleRepository::row)
			.optional();
	}

	/** Locks the schedule's row: a tick and a change never overlap. */
	Optional<ScheduleRow> lock(long id) {
		return this.jdbc.sql("SELECT * FROM pipeline_schedules WHERE id = ? FOR UPDATE")
			.param(id)
			.query(ScheduleRepository::row)
			.optional();
	}

	/** A pipeline's schedules by name, at most {@code limit}. */
	List<ScheduleRow> list(long pipelineId, int limit) {
		return this.jdbc.sql("SELECT * FROM pipeline_schedules WHERE pipeline_id = ? ORDER BY name LIMIT " + limit)
			.param(pipelineId)
			.query(ScheduleRepository::row)
			.list();
	}

	int count(long pipelineId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM pipeline_schedules WHERE pipeline_id = ?")
			.param(pipelineId)
			.query(Integer.class)
			.single();
	}

	/**
	 * Enabled schedules whose next fire time has come, the most overdue first, at most
	 * {@code limit} (through {@code ix_pipeline_schedules_due}).
	 */
	List<Long> due(long now, int limit) {
		return this.jdbc
			.sql("SELECT id FROM pipeline_schedules WHERE enabled = TRUE AND next_fire_at <= ? "
					+ "ORDER BY next_fire_at, id LIMIT " + limit)
			.param(now)
			.query(Long.class)
			.list();
	}

	void update(long id, Fields fields, Long lastFiredAt, Long nextFireAt, String message, long now) {
		this.jdbc
			.sql("UPDATE pipeline_schedules SET cron = ?, interval_seconds = ?, time_zone = ?, start_at = ?, "
					+ "end_at = ?, max_concurrent = ?, catchup_limit = ?, pinned_version = ?, parameters_json = ?, "
					+ "enabled = ?, last_fired_at = ?, next_fire_at = ?, message = ?, updated_at = ?, "
					+ "version = version + 1 WHERE id = ?")
			.params(fields.cron(), fields.intervalSeconds(), fields.timeZone(), fields.startAt(), fields.endAt(),
					fields.maxConcurrent(), fields.catchupLimit(), fields.pinnedVersion(), fields.parametersJson(),
					fields.enabled(), lastFiredAt, nextFireAt, message, now, id)
			.update();
	}

	/** What a tick did: fire times handled up to {@code lastFiredAt}, the next one. */
	void ticked(long id, Long lastFiredAt, Long nextFireAt, long skipped, String message) {
		this.jdbc
			.sql("UPDATE pipeline_schedules SET last_fired_at = ?, next_fire_at = ?, "
					+ "skipped_count = skipped_count + ?, message = ? WHERE id = ?")
			.params(lastFiredAt, nextFireAt, skipped, message, id)
			.update();
	}

	/** Disables the schedule, saying why. */
	void disable(long id, String reason, long now) {
		this.jdbc
			.sql("UPDATE pipeline_schedules SET enabled = FALSE, message = ?, updated_at = ?, version = version + 1 "
					+ "WHERE id = ?")
			.params(PipelineRunRepository.truncate(reason, 2000), now, id)
			.update();
	}

	void delete(long id) {
		this.jdbc.sql("DELETE FROM pipeline_schedules WHERE id = ?").param(id).update();
	}

	private static ScheduleRow row(ResultSet rs, int rowNum) throws SQLException {
		return new ScheduleRow(rs.getLong("id"), rs.getLong("pipeline_id"), rs.getString("name"), rs.getString("cron"),
				nullableLong(rs, "interval_seconds"), rs.getString("time_zone"), nullableLong(rs, "start_at"),
				nullableLong(rs, "end_at"), rs.getInt("max_concurrent"), rs.getInt("catchup_limit"),
				nullableInt(rs, "pinned_version"), rs.getString("parameters_json"), rs.getBoolean("enabled"),
				rs.getLong("anchor_at"), nullableLong(rs, "last_fired_at"), nullableLong(rs, "next_fire_at"),
				rs.getLong("skipped_count"), rs.getString("message"), rs.getString("created_by"),
				rs.getLong("created_at"), rs.getLong("updated_at"));
	}

}
