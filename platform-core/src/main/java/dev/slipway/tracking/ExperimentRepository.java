package dev.slipway.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.slipway.query.KeyValue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Hand-written SQL for {@code experiments} and {@code experiment_tags}. */
@Repository
class ExperimentRepository {

	private final JdbcClient jdbc;

	ExperimentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A row of {@code experiments}. */
	record ExperimentRow(long id, String name, String artifactLocation, String lifecycleStage, long creationTime,
			long lastUpdateTime) {

		boolean isActive() {
			return "active".equals(this.lifecycleStage);
		}

		Experiment toDomain(List<KeyValue> tags) {
			return new Experiment(String.valueOf(this.id), this.name, this.artifactLocation, this.lifecycleStage,
					this.creationTime, this.lastUpdateTime, tags);
		}

	}

	long insert(String name, String artifactLocation, long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) "
					+ "VALUES (?, ?, 'active', ?, ?)")
			.params(name, (artifactLocation != null) ? artifactLocation : "", now, now)
			.update(keys, "id");
		long id = keys.getKey().longValue();
		if (artifactLocation == null) {
			this.jdbc.sql("UPDATE experiments SET artifact_location = ? WHERE id = ?")
				.params("mlflow-artifacts:/" + id, id)
				.update();
		}
		return id;
	}

	Optional<ExperimentRow> findById(long id) {
		return this.jdbc.sql("SELECT * FROM experiments WHERE id = ?")
			.param(id)
			.query(ExperimentRepository::row)
			.optional();
	}

	Optional<ExperimentRow> findByName(String name) {
		return this.jdbc.sql("SELECT * FROM experiments WHERE name = ?")
			.param(name)
			.query(ExperimentRepository::row)
			.optional();
	}

	/** Rows for {@code ids}, in the order of {@code ids}. */
	List<ExperimentRow> findAll(List<Long> ids) {
		return TrackingRows.inIdOrder(this.jdbc, "SELECT * FROM experiments WHERE id = ANY(:ids)", ids,
				ExperimentRepository::row, ExperimentRow::id);
	}

	void rename(long id, String name, long now) {
		this.jdbc.sql("UPDATE experiments SET name = ?, last_update_time = ? WHERE id = ?")
			.params(name, now, id)
			.update();
	}

	void setLifecycleStage(long id, String stage, long now) {
		this.jdbc.sql("UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE id = ?")
			.params(stage, now, id)
			.update();
	}

	void touch(long id, long now) {
		this.jdbc.sql("UPDATE experiments SET last_update_time = ? WHERE id = ?").params(now, id).update();
	}

	void setTag(long id, String key, String value) {
		TrackingRows.upsert(this.jdbc, "experiment_tags", "experiment_id", "tag_key", "tag_value", id, key, value);
	}

	int deleteTag(long id, String key) {
		return this.jdbc.sql("DELETE FROM experiment_tags WHERE experiment_id = ? AND tag_key = ?")
			.params(id, key)
			.update();
	}

	/** Tags of each experiment in {@code ids}, keyed by experiment id. */
	Map<Long, List<KeyValue>> tags(Collection<Long> ids) {
		return TrackingRows.byOwner(this.jdbc,
				"SELECT experiment_id, tag_key, tag_value FROM experiment_tags WHERE experiment_id = ANY(:ids) ORDER BY tag_key",
				ids);
	}

	private static ExperimentRow row(ResultSet rs, int n) throws SQLException {
		return new ExperimentRow(rs.getLong("id"), rs.getString("name"), rs.getString("artifact_location"),
				rs.getString("lifecycle_stage"), rs.getLong("creation_time"), rs.getLong("last_update_time"));
	}

}
