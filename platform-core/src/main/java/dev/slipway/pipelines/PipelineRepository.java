package dev.slipway.pipelines;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Rows of {@code pipelines} and {@code pipeline_versions}. */
@Repository
class PipelineRepository {

	private final JdbcClient jdbc;

	PipelineRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A row of {@code pipelines}. */
	record PipelineRow(long id, String name, String description, long experimentId, int latestVersion, String createdBy,
			long createdAt, long updatedAt) {
	}

	/** A row of {@code pipeline_versions}. */
	record VersionRow(long id, long pipelineId, int version, String digest, String definitionJson, String sourceText,
			String createdBy, long createdAt) {
	}

	long insert(String name, String description, long experimentId, String createdBy, long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO pipelines (name, description, experiment_id, latest_version, created_by, created_at, "
					+ "updated_at) VALUES (?, ?, ?, 0, ?, ?, ?)")
			.params(name, description, experimentId, createdBy, now, now)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	Optional<PipelineRow> find(long id) {
		return this.jdbc.sql("SELECT * FROM pipelines WHERE id = ?")
			.param(id)
			.query(PipelineRepository::row)
			.optional();
	}

	Optional<PipelineRow> findByName(String name) {
		return this.jdbc.sql("SELECT * FROM pipelines WHERE name = ?")
			.param(name)
			.query(PipelineRepository::row)
			.optional();
	}

	/** Locks the pipeline's row, so versions are numbered one at a time. */
	Optional<PipelineRow> lock(long id) {
		return this.jdbc.sql("SELECT * FROM pipelines WHERE id = ? FOR UPDATE")
			.param(id)
			.query(PipelineRepository::row)
			.optional();
	}

	/**
	 * Pipelines by name, after {@code afterName}, at most {@code limit}; only those in
	 * {@code experimentIds} unless it is null (an admin, or every experiment readable).
	 */
	List<PipelineRow> list(String afterName, String nameContains, List<Long> experimentIds, int limit) {
		StringBuilder sql = new StringBuilder("SELECT * FROM pipelines WHERE name > ?");
		List<Object> params = new java.util.ArrayList<>(List.of((afterName != null) ? afterName : ""));
		if (nameContains != null && !nameContains.isBlank()) {
			sql.append(" AND LOWER(name) LIKE ? ESCAPE '\\'");
			params.add("%" + nameContains.toLowerCase(java.util.Locale.ROOT)
				.replace("\\", "\\\\")
				.replace("%", "\\%")
				.replace("_", "\\_") + "%");
		}
		if (experimentIds != null) {
			if (experimentIds.isEmpty()) {
				return List.of();
			}
			sql.append(" AND experiment_id IN (")
				.append(String.join(", ", java.util.Collections.nCopies(experimentIds.size(), "?")))
				.append(")");
			params.addAll(experimentIds);
		}
		sql.append(" ORDER BY name LIMIT ").append(limit);
		return this.jdbc.sql(sql.toString()).params(params).query(PipelineRepository::row).list();
	}

	/** The experiments that hold pipelines, for a permission filter. */
	List<Long> experimentIds() {
		return this.jdbc.sql("SELECT DISTINCT experiment_id FROM pipelines").query(Long.class).list();
	}

	void updateDescription(long id, String description, long now) {
		this.jdbc.sql("UPDATE pipelines SET description = ?, updated_at = ? WHERE id = ?")
			.params(description, now, id)
			.update();
	}

	void delete(long id) {
		this.jdbc.sql("DELETE FROM pipelines WHERE id = ?").param(id).update();
	}

	long insertVersion(long pipelineId, int version, String digest, String definitionJson, String sourceText,
			String createdBy, long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO pipeline_versions (pipeline_id, version, digest, definition_json, source_text, "
					+ "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(pipelineId, version, digest, definitionJson, sourceText, createdBy, now)
			.update(keys, "id");
		this.jdbc.sql("UPDATE pipelines SET latest_version = ?, updated_at = ? WHERE id = ?")
			.params(version, now, pipelineId)
			.update();
		return keys.getKey().longValue();
	}

	Optional<VersionRow> findVersion(long pipelineId, int version) {
		return this.jdbc.sql("SELECT * FROM pipeline_versions WHERE pipeline_id = ? AND version = ?")
			.params(pipelineId, version)
			.query(PipelineRepository::versionRow)
			.optional();
	}

	Optional<VersionRow> findVersionById(long id) {
		return this.jdbc.sql("SELECT * FROM pipeline_versions WHERE id = ?")
			.param(id)
			.query(PipelineRepository::versionRow)
			.optional();
	}

	Optional<VersionRow> findVersionByDigest(long pipelineId, String digest) {
		return this.jdbc.sql("SELECT * FROM pipeline_versions WHERE pipeline_id = ? AND digest = ?")
			.params(pipelineId, digest)
			.query(PipelineRepository::versionRow)
			.optional();
	}

	/** Versions newest first, below {@code beforeVersion}, at most {@code limit}. */
	List<VersionRow> versions(long pipelineId, int beforeVersion, int limit) {
		return this.jdbc
			.sql("SELECT * FROM pipeline_versions WHERE pipeline_id = ? AND version < ? ORDER BY version DESC LIMIT "
					+ limit)
			.params(pipelineId, beforeVersion)
			.query(PipelineRepository::versionRow)
			.list();
	}

	private static PipelineRow row(ResultSet rs, int rowNum) throws SQLException {
		return new PipelineRow(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
				rs.getLong("experiment_id"), rs.getInt("latest_version"), rs.getString("created_by"),
				rs.getLong("created_at"), rs.getLong("updated_at"));
	}

	private static VersionRow versionRow(ResultSet rs, int rowNum) throws SQLException {
		return new VersionRow(rs.getLong("id"), rs.getLong("pipeline_id"), rs.getInt("version"), rs.getString("digest"),
				rs.getString("definition_json"), rs.getString("source_text"), rs.getString("created_by"),
				rs.getLong("created_at"));
	}

}
