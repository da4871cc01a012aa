package dev.slipway.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.slipway.query.KeyValue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Hand-written SQL for logged models, their params, tags and metrics. */
@Repository
class LoggedModelRepository {

	private final JdbcClient jdbc;

	LoggedModelRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A row of {@code logged_models}, with the source run's public id. */
	record LoggedModelRow(long id, String modelUid, long experimentId, String name, String artifactLocation,
			String status, String statusMessage, String modelType, String sourceRunUuid, String lifecycleStage,
			long creationTime, long lastUpdatedTime) {

		boolean isActive() {
			return "active".equals(this.lifecycleStage);
		}

	}

	/**
	 * Inserts a pending model; {@code sourceRunId} links a local run,
	 * {@code sourceRunUuid} is the run id as given (also for a run tracked elsewhere).
	 */
	long insert(String modelUid, long experimentId, String name, String artifactLocation, String modelType,
			Long sourceRunId, String sourceRunUuid, long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO logged_models (model_uid, experiment_id, name, artifact_location, status, model_type, "
					+ "source_run_id, source_run_uuid, lifecycle_stage, creation_time, last_updated_time) "
					+ "VALUES (?, ?, ?, ?, 'LOGGED_MODEL_PENDING', ?, ?, ?, 'active', ?, ?)")
			.params(modelUid, experimentId, name, artifactLocation, modelType, sourceRunId, sourceRunUuid, now, now)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	private static final String SELECT = "SELECT lm.* FROM logged_models lm ";

	Optional<LoggedModelRow> findByUid(String modelUid) {
		return this.jdbc.sql(SELECT + "WHERE lm.model_uid = ?")
			.param(modelUid)
			.query(LoggedModelRepository::row)
			.optional();
	}

	/** Rows for {@code ids}, in the order of {@code ids}. */
	List<LoggedModelRow> findAll(List<Long> ids) {
		return TrackingRows.inIdOrder(this.jdbc, SELECT + "WHERE lm.id = ANY(:ids)", ids, LoggedModelRepository::row,
				LoggedModelRow::id);
	}

	void setStatus(long id, String status, String statusMessage, long now) {
		this.jdbc.sql("UPDATE logged_models SET status = ?, status_message = ?, last_updated_time = ? WHERE id = ?")
			.params(status, statusMessage, now, id)
			.update();
	}

	void markDeleted(long id, long now) {
		this.jdbc.sql("UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_time = ? WHERE id = ?")
			.params(now, id)
			.update();
	}

	void touch(long id, long now) {
		this.jdbc.sql("UPDATE logged_models SET last_updated_time = ? WHERE id = ?").params(now, id).update();
	}

	void setTag(long id, String key, String value) {
		TrackingRows.upsert(this.jdbc, "logged_model_tags", "logged_model_id", "tag_key", "tag_value", id, key, value);
	}

	int deleteTag(long id, String key) {
		return this.jdbc.sql("DELETE FROM logged_model_tags WHERE logged_model_id = ? AND tag_key = ?")
			.params(id, key)
			.update();
	}

	Map<String, String> params(long id, Collection<String> keys) {
		Map<String, String> found = new LinkedHashMap<>();
		if (keys.isEmpty()) {
			return found;
		}
		this.jdbc.sql(
				"SELECT param_key, param_value FROM logged_model_params WHERE logged_model_id = :id AND param_key IN (:keys)")
			.param("id", id)
			.param("keys", keys)
			.query((rs, n) -> found.put(rs.getString(1), rs.getString(2)))
			.list();
		return found;
	}

	void insertParam(long id, KeyValue param) {
		this.jdbc.sql(
				"INSERT INTO logged_model_params (logged_model_id, param_key, param_value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
			.params(id, param.key(), param.value())
			.update();
	}

	/** Links a metric point to a model once. */
	void addMetric(long id, Long runId, Metric metric, String datasetName, String datasetDigest) {
		boolean exists = this.jdbc
			.sql("SELECT COUNT(*) FROM logged_model_metrics WHERE logged_model_id = ? AND metric_key = ? AND step = ? "
					+ "AND timestamp_ms = ? AND metric_value = ? AND (run_id = ? OR (run_id IS NULL AND CAST(? AS BIGINT) IS NULL))")
			.params(id, metric.key(), metric.step(), metric.timestamp(), metric.value(), runId, runId)
			.query(Long.class)
			.single() > 0;
		if (!exists) {
			this.jdbc.sql(
					"INSERT INTO logged_model_metrics (logged_model_id, run_id, metric_key, metric_value, timestamp_ms, step, "
							+ "dataset_name, dataset_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
				.params(id, runId, metric.key(), metric.value(), metric.timestamp(), metric.step(), datasetName,
						datasetDigest)
				.update();
		}
	}

	Map<Long, List<KeyValue>> tags(Collection<Long> ids) {
		return TrackingRows.byOwner(this.jdbc,
				"SELECT logged_model_id, tag_key, tag_value FROM logged_model_tags WHERE logged_model_id = ANY(:ids) ORDER BY tag_key",
				ids);
	}

	Map<Long, List<KeyValue>> params(Collection<Long> ids) {
		return TrackingRows.byOwner(this.jdbc,
				"SELECT logged_model_id, param_key, param_value FROM logged_model_params WHERE logged_model_id = ANY(:ids) ORDER BY param_key",
				ids);
	}

	Map<Long, List<LoggedModel.ModelMetric>> metrics(Collection<Long> ids) {
		Map<Long, List<LoggedModel.ModelMetric>> result = new LinkedHashMap<>();
		for (List<Long> chunk : TrackingRows.chunks(ids)) {
			this.jdbc.sql("SELECT m.logged_model_id, m.metric_key, m.metric_value, m.timestamp_ms, m.step, r.run_uuid, "
					+ "m.dataset_name, m.dataset_digest FROM logged_model_metrics m LEFT JOIN runs r ON r.id = m.run_id "
					+ "WHERE m.logged_model_id = ANY(:ids) ORDER BY m.metric_key, m.step, m.timestamp_ms")
				.param("ids", TrackingRows.array(chunk))
				.query((rs, n) -> {
					result.computeIfAbsent(rs.getLong(1), (k) -> new ArrayList<>())
						.add(new LoggedModel.ModelMetric(
								new Metric(rs.getString(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5)),
								rs.getString(6), rs.getString(7), rs.getString(8)));
					return null;
				})
				.list();
		}
		return result;
	}

	private static LoggedModelRow row(ResultSet rs, int n) throws SQLException {
		return new LoggedModelRow(rs.getLong("id"), rs.getString("model_uid"), rs.getLong("experiment_id"),
				rs.getString("name"), rs.getString("artifact_location"), rs.getString("status"),
				rs.getString("status_message"), rs.getString("model_type"), rs.getString("source_run_uuid"),
				rs.getString("lifecycle_stage"), rs.getLong("creation_time"), rs.getLong("last_updated_time"));
	}

}
