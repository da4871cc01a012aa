package dev.slipway.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.slipway.query.KeyValue;
import dev.slipway.tracking.TrackingLineage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Hand-written SQL for registered models, versions, tags, aliases and promotions. */
@Repository
class RegistryRepository {

	private final JdbcClient jdbc;

	RegistryRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A row of {@code registered_models}. */
	record ModelRow(long id, String name, String description, long creationTime, long lastUpdatedTime,
			String createdBy) {
	}

	/** A row of {@code model_versions}, with its model's name. */
	record VersionRow(long id, long modelId, String modelName, int version, String source, String storageLocation,
			String runUuid, String loggedModelUid, String runLink, String description, String userId, String status,
			String statusMessage, Stage stage, String stageChangedBy, Long stageChangedAt, long creationTime,
			long lastUpdatedTime, String gitCommit, String codeSource, Long pipelineRunId, String pipelineStep) {
	}

	/**
	 * A row of {@code model_version_datasets}; the dataset's key is null once it is gone.
	 */
	record VersionDatasetRow(Long datasetId, String name, String digest, String context) {
	}

	/** A row of {@code registry_promotions}. */
	record PromotionRow(long id, long versionId, int version, boolean rolledBack) {
	}

	// registered models

	long insertModel(String name, String description, String createdBy, long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO registered_models (name, description, creation_time, last_updated_time, created_by, "
					+ "last_version) VALUES (?, ?, ?, ?, ?, 0)")
			.params(name, description, now, now, createdBy)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	boolean modelExists(String name) {
		return this.jdbc.sql("SELECT COUNT(*) FROM registered_models WHERE name = ?")
			.param(name)
			.query(Long.class)
			.single() > 0;
	}

	Optional<ModelRow> findModel(String name) {
		return this.jdbc.sql("SELECT * FROM registered_models WHERE name = ?")
			.param(name)
			.query(RegistryRepository::modelRow)
			.optional();
	}

	Optional<ModelRow> findModel(long id) {
		return this.jdbc.sql("SELECT * FROM registered_models WHERE id = ?")
			.param(id)
			.query(RegistryRepository::modelRow)
			.optional();
	}

	/**
	 * The model, its row locked until the transaction ends: every change to a model's
	 * versions, stages and aliases takes this lock first, so they happen one at a time.
	 */
	Optional<ModelRow> lockModel(String name) {
		return this.jdbc.sql("SELECT * FROM registered_models WHERE name = ? FOR UPDATE")
			.param(name)
			.query(RegistryRepository::modelRow)
			.optional();
	}

	Optional<ModelRow> lockModel(long id) {
		return this.jdbc.sql("SELECT * FROM registered_models WHERE id = ? FOR UPDATE")
			.param(id)
			.query(RegistryRepository::modelRow)
			.optional();
	}

	List<ModelRow> modelsByIds(List<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<Long, ModelRow> byId = this.jdbc.sql("SELECT * FROM registered_models WHERE id IN (:ids)")
			.param("ids", ids)
			.query(RegistryRepository::modelRow)
			.list()
			.stream()
			.collect(Collectors.toMap(ModelRow::id, (row) -> row));
		return ids.stream().map(byId::get).filter((row) -> row != null).toList();
	}

	void rename(long id, String newName, long now) {
		this.jdbc.sql("UPDATE registered_models SET name = ?, last_updated_time = ? WHERE id = ?")
			.params(newName, now, id)
			.update();
	}

	void setModelDescription(long id, String description, long now) {
		this.jdbc.sql("UPDATE registered_models SET description = ?, last_updated_time = ? WHERE id = ?")
			.params(description, now, id)
			.update();
	}

	void touchModel(long id, long now) {
		this.jdbc.sql("UPDATE registered_models SET last_updated_time = ? WHERE id = ?").params(now, id).update();
	}

	void deleteModel(long id) {
		this.jdbc.sql("DELETE FROM registered_models WHERE id = ?").param(id).update();
	}

	/**
	 * The next version number of the model. The increment takes the model's row lock, so
	 * concurrent registrations get consecutive numbers; a rolled-back one gives its
	 * number back.
	 */
	int nextVersion(long modelId, long now) {
		this.jdbc
			.sql("UPDATE registered_models SET last_version = last_version + 1, last_updated_time = ? WHERE id = ?")
			.params(now, modelId)
			.update();
		return this.jdbc.sql("SELECT last_version FROM registered_models WHERE id = ?")
			.param(modelId)
			.query(Integer.class)
			.single();
	}

	// tags

	Map<Long, List<KeyValue>> modelTags(Collection<Long> modelIds) {
		return tags("SELECT model_id AS owner, tag_key, tag_value FROM registered_model_tags WHERE model_id IN (:ids) "
				+ "ORDER BY tag_key", modelIds);
	}

	Map<Long, List<KeyValue>> versionTags(Collection<Long> versionIds) {
		return tags("SELECT version_id AS owner, tag_key, tag_value FROM model_version_tags WHERE version_id IN (:ids) "
				+ "ORDER BY tag_key", versionIds);
	}

	private Map<Long, List<KeyValue>> tags(String sql, Collection<Long> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		Map<Long, List<KeyValue>> tags = new LinkedHashMap<>();
		this.jdbc.sql(sql).param("ids", ids).query((rs) -> {
			tags.computeIfAbsent(rs.getLong("owner"), (k) -> new ArrayList<>())
				.add(new KeyValue(rs.getString("tag_key"), rs.getString("tag_value")));
		});
		return tags;
	}

	int countModelTags(long modelId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM registered_model_tags WHERE model_id = ?")
			.param(modelId)
			.query(Integer.class)
			.single();
	}

	int countVersionTags(long versionId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM model_version_tags WHERE version_id = ?")
			.param(versionId)
			.query(Integer.class)
			.single();
	}

	/** Sets a model tag; returns the previous value, or null. */
	String setModelTag(long modelId, String key, String value) {
		return setTag("registered_model_tags", "model_id", modelId, key, value);
	}

	String setVersionTag(long versionId, String key, String value) {
		return setTag("model_version_tags", "version_id", versionId, key, value);
	}

	private String setTag(String table, String owner, long ownerId, String key, String value) {
		Optional<String> previous = this.jdbc
			.sql("SELECT tag_value FROM " + table + " WHERE " + owner + " = ? AND tag_key = ?")
			.params(ownerId, key)
			.query(String.class)
			.optional();
		if (previous.isPresent()) {
			this.jdbc.sql("UPDATE " + table + " SET tag_value = ? WHERE " + owner + " = ? AND tag_key = ?")
				.params(value, ownerId, key)
				.update();
		}
		else {
			this.jdbc.sql("INSERT INTO " + table + " (" + owner + ", tag_key, tag_value) VALUES (?, ?, ?)")
				.params(ownerId, key, value)
				.update();
		}
		return previous.orElse(null);
	}

	/** Deletes a model tag; returns the deleted value, or empty when there was none. */
	Optional<String> deleteModelTag(long modelId, String key) {
		return deleteTag("registered_model_tags", "model_id", modelId, key);
	}

	Optional<String> deleteVersionTag(long versionId, String key) {
		return deleteTag("model_version_tags", "version_id", versionId, key);
	}

	private Optional<String> deleteTag(String table, String owner, long ownerId, String key) {
		Optional<String> previous = this.jdbc
			.sql("SELECT tag_value FROM " + table + " WHERE " + owner + " = ? AND tag_key = ?")
			.params(ownerId, key)
			.query(String.class)
			.optional();
		previous.ifPresent((value) -> this.jdbc.sql("DELETE FROM " + table + " WHERE " + owner + " = ? AND tag_key = ?")
			.params(ownerId, key)
			.update());
		return previous;
	}

	// aliases

	Map<Long, List<ModelAlias>> modelAliases(Collection<Long> modelIds) {
		if (modelIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, List<ModelAlias>> aliases = new LinkedHashMap<>();
		this.jdbc.sql(
				"SELECT a.model_id, a.alias, v.version FROM model_aliases a JOIN model_versions v ON v.id = a.version_id "
						+ "WHERE a.model_id IN (:ids) ORDER BY a.alias")
			.param("ids", modelIds)
			.query((rs) -> {
				aliases.computeIfAbsent(rs.getLong("model_id"), (k) -> new ArrayList<>())
					.add(new ModelAlias(rs.getString("alias"), rs.getInt("version")));
			});
		return aliases;
	}

	Map<Long, List<String>> versionAliases(Collection<Long> versionIds) {
		if (versionIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, List<String>> aliases = new LinkedHashMap<>();
		this.jdbc.sql("SELECT version_id, alias FROM model_aliases WHERE version_id IN (:ids) ORDER BY alias")
			.param("ids", versionIds)
			.query((rs) -> {
				aliases.computeIfAbsent(rs.getLong("version_id"), (k) -> new ArrayList<>()).add(rs.getString("alias"));
			});
		return aliases;
	}

	Optional<Long> aliasTarget(long modelId, String alias) {
		return this.jdbc.sql("SELECT version_id FROM model_aliases WHERE model_id = ? AND alias = ?")
			.params(modelId, alias)
			.query(Long.class)
			.optional();
	}

	void setAlias(long modelId, String alias, long versionId, String setBy, long now) {
		int updated = this.jdbc
			.sql("UPDATE model_aliases SET version_id = ?, set_by = ?, set_at = ? WHERE model_id = ? AND alias = ?")
			.params(versionId, setBy, now, modelId, alias)
			.update();
		if (updated == 0) {
			this.jdbc
				.sql("INSERT INTO model_aliases (model_id, alias, version_id, set_by, set_at) VALUES (?, ?, ?, ?, ?)")
				.params(modelId, alias, versionId, setBy, now)
				.update();
		}
	}

	void deleteAlias(long modelId, String alias) {
		this.jdbc.sql("DELETE FROM model_aliases WHERE model_id = ? AND alias = ?").params(modelId, alias).update();
	}

	/** Removes the aliases of a version; returns the aliases removed. */
	List<String> deleteAliasesOf(long versionId) {
		List<String> aliases = this.jdbc.sql("SELECT alias FROM model_aliases WHERE version_id = ? ORDER BY alias")
			.param(versionId)
			.query(String.class)
			.list();
		this.jdbc.sql("DELETE FROM model_aliases WHERE version_id = ?").param(versionId).update();
		return aliases;
	}

	// versions

	private static final String VERSION_SELECT = "SELECT mv.*, rm.name AS model_name FROM model_versions mv "
			+ "JOIN registered_models rm ON rm.id = mv.model_id ";

	/**
	 * Records the pipeline run and step that produced a version (from its run's tags).
	 */
	void setVersionPipeline(long versionId, long pipelineRunId, String step) {
		this.jdbc.sql("UPDATE model_versions SET pipeline_run_id = ?, pipeline_step = ? WHERE id = ?")
			.params(pipelineRunId, step, versionId)
			.update();
	}

	long insertVersion(long modelId, int version, String source, String storageLocation, String runUuid,
			String loggedModelUid, String runLink, String description, String userId, String gitCommit,
			String codeSource, long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO model_versions (model_id, version, source, storage_location, run_uuid, logged_model_uid, "
					+ "run_link, description, user_id, status, stage, deleted, creation_time, last_updated_time, "
					+ "git_commit, code_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'READY', 'None', FALSE, ?, ?, ?, ?)")
			.params(modelId, version, source, storageLocation, runUuid, loggedModelUid, runLink, description, userId,
					now, now, gitCommit, codeSource)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	/** Copies the datasets the source run read into the version's lineage. */
	void insertVersionDatasets(long versionId, List<TrackingLineage.RunDataset> datasets) {
		for (TrackingLineage.RunDataset dataset : datasets) {
			this.jdbc
				.sql("INSERT INTO model_version_datasets (version_id, dataset_id, name, digest, context) "
						+ "VALUES (?, ?, ?, ?, ?)")
				.params(versionId, dataset.datasetId(), dataset.name(), dataset.digest(), dataset.context())
				.update();
		}
	}

	/**
	 * A version's datasets as copied at registration, with the dataset's key while it
	 * exists.
	 */
	List<VersionDatasetRow> versionDatasets(long versionId) {
		return this.jdbc.sql(
				"SELECT dataset_id, name, digest, context FROM model_version_datasets WHERE version_id = ? ORDER BY id")
			.param(versionId)
			.query((rs, n) -> {
				long datasetId = rs.getLong("dataset_id");
				return new VersionDatasetRow(rs.wasNull() ? null : datasetId, rs.getString("name"),
						rs.getString("digest"), rs.getString("context"));
			})
			.list();
	}

	Optional<VersionRow> findVersion(long modelId, int version) {
		return this.jdbc.sql(VERSION_SELECT + "WHERE mv.model_id = ? AND mv.version = ? AND mv.deleted = FALSE")
			.params(modelId, version)
			.query(RegistryRepository::versionRow)
			.optional();
	}

	Optional<VersionRow> findVersion(long versionId) {
		return this.jdbc.sql(VERSION_SELECT + "WHERE mv.id = ? AND mv.deleted = FALSE")
			.param(versionId)
			.query(RegistryRepository::versionRow)
			.optional();
	}

	/** Rows for {@code ids}, in the order of {@code ids}. */
	List<VersionRow> versionsByIds(List<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<Long, VersionRow> byId = this.jdbc.sql(VERSION_SELECT + "WHERE mv.id IN (:ids)")
			.param("ids", ids)
			.query(RegistryRepository::versionRow)
			.list()
			.stream()
			.collect(Collectors.toMap(VersionRow::id, (row) -> row));
		return ids.stream().map(byId::get).filter((row) -> row != null).toList();
	}

	List<VersionRow> versionsOf(long modelId, int limit) {
		return this.jdbc
			.sql(VERSION_SELECT + "WHERE mv.model_id = ? AND mv.deleted = FALSE ORDER BY mv.version DESC LIMIT "
					+ limit)
			.param(modelId)
			.query(RegistryRepository::versionRow)
			.list();
	}

	/** The newest version in each stage of each model. */
	Map<Long, List<VersionRow>> latestPerStage(Collection<Long> modelIds) {
		if (modelIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, List<VersionRow>> latest = new LinkedHashMap<>();
		this.jdbc
			.sql(VERSION_SELECT + "WHERE mv.model_id IN (:ids) AND mv.deleted = FALSE AND mv.version = "
					+ "(SELECT MAX(v2.version) FROM model_versions v2 WHERE v2.model_id = mv.model_id "
					+ "AND v2.stage = mv.stage AND v2.deleted = FALSE)")
			.param("ids", modelIds)
			.query(RegistryRepository::versionRow)
			.list()
			.forEach((row) -> latest.computeIfAbsent(row.modelId(), (k) -> new ArrayList<>()).add(row));
		latest.values().forEach((rows) -> rows.sort((a, b) -> a.stage().compareTo(b.stage())));
		return latest;
	}

	List<VersionRow> versionsInStage(long modelId, Stage stage) {
		return this.jdbc
			.sql(VERSION_SELECT + "WHERE mv.model_id = ? AND mv.stage = ? AND mv.deleted = FALSE ORDER BY mv.version")
			.params(modelId, stage.wireName())
			.query(RegistryRepository::versionRow)
			.list();
	}

	void setStage(long versionId, Stage stage, String by, long now) {
		this.jdbc
			.sql("UPDATE model_versions SET stage = ?, stage_changed_by = ?, stage_changed_at = ?, "
					+ "last_updated_time = ? WHERE id = ?")
			.params(stage.wireName(), by, now, now, versionId)
			.update();
	}

	void setVersionDescription(long versionId, String description, long now) {
		this.jdbc.sql("UPDATE model_versions SET description = ?, last_updated_time = ? WHERE id = ?")
			.params(description, now, versionId)
			.update();
	}

	void touchVersion(long versionId, long now) {
		this.jdbc.sql("UPDATE model_versions SET last_updated_time = ? WHERE id = ?").params(now, versionId).update();
	}

	void markDeleted(long versionId, long now) {
		this.jdbc.sql("UPDATE model_versions SET deleted = TRUE, last_updated_time = ? WHERE id = ?")
			.params(now, versionId)
			.update();
	}

	int countVersions(long modelId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM model_versions WHERE model_id = ? AND deleted = FALSE")
			.param(modelId)
			.query(Integer.class)
			.single();
	}

	// promotions

	void insertPromotion(long modelId, TargetKind kind, String target, long versionId, String by, long now) {
		this.jdbc.sql(
				"INSERT INTO registry_promotions (model_id, target_kind, target, version_id, promoted_by, promoted_at, "
						+ "rolled_back) VALUES (?, ?, ?, ?, ?, ?, FALSE)")
			.params(modelId, kind.name(), target, versionId, by, now)
			.update();
	}

	/**
	 * The promotions into a target that are not rolled back, newest first, at most 1000.
	 */
	List<PromotionRow> promotions(long modelId, TargetKind kind, String target) {
		return this.jdbc
			.sql("SELECT p.id, p.version_id, v.version, p.rolled_back FROM registry_promotions p "
					+ "JOIN model_versions v ON v.id = p.version_id WHERE p.model_id = ? AND p.target_kind = ? "
					+ "AND p.target = ? AND p.rolled_back = FALSE AND v.deleted = FALSE ORDER BY p.id DESC LIMIT 1000")
			.params(modelId, kind.name(), target)
			.query((rs, n) -> new PromotionRow(rs.getLong("id"), rs.getLong("version_id"), rs.getInt("version"),
					rs.getBoolean("rolled_back")))
			.list();
	}

	void markRolledBack(Collection<Long> promotionIds) {
		if (!promotionIds.isEmpty()) {
			this.jdbc.sql("UPDATE registry_promotions SET rolled_back = TRUE WHERE id IN (:ids)")
				.param("ids", promotionIds)
				.update();
		}
	}

	private static ModelRow modelRow(ResultSet rs, int rowNum) throws SQLException {
		return new ModelRow(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
				rs.getLong("creation_time"), rs.getLong("last_updated_time"), rs.getString("created_by"));
	}

	private static VersionRow versionRow(ResultSet rs, int rowNum) throws SQLException {
		long changedAt = rs.getLong("stage_changed_at");
		Long stageChangedAt = rs.wasNull() ? null : changedAt;
		long pipelineRun = rs.getLong("pipeline_run_id");
		Long pipelineRunId = rs.wasNull() ? null : pipelineRun;
		return new VersionRow(rs.getLong("id"), rs.getLong("model_id"), rs.getString("model_name"),
				rs.getInt("version"), rs.getString("source"), rs.getString("storage_location"),
				rs.getString("run_uuid"), rs.getString("logged_model_uid"), rs.getString("run_link"),
				rs.getString("description"), rs.getString("user_id"), rs.getString("status"),
				rs.getString("status_message"), Stage.parse(rs.getString("stage")), rs.getString("stage_changed_by"),
				stageChangedAt, rs.getLong("creation_time"), rs.getLong("last_updated_time"),
				rs.getString("git_commit"), rs.getString("code_source"), pipelineRunId, rs.getString("pipeline_step"));
	}

}
