package dev.slipway.tracking;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.slipway.query.KeyValue;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other features read of runs, logged models and datasets to record lineage: whether
 * one exists, a few tags of a run, the datasets a run read. These reads check no
 * permission; the caller decides what it may show, through {@link TrackingAccess}, as the
 * registry does before it shows a version's source run.
 */
@Service
@Transactional(readOnly = true)
public class TrackingLineage {

	private static final String DATASET_CONTEXT_TAG = "mlflow.data.context";

	/** The logged model tag listing the registered versions made from it (MLflow's). */
	static final String MODEL_VERSIONS_TAG = "mlflow.modelVersions";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final LoggedModelRepository models;

	TrackingLineage(JdbcClient jdbc, LoggedModelRepository models) {
		this.jdbc = jdbc;
		this.models = models;
	}

	/**
	 * Records on a logged model that a registered model version was made from it: adds
	 * {@code {"name", "version"}} to its {@code mlflow.modelVersions} tag (a JSON list,
	 * as MLflow keeps it), once. Runs in the caller's transaction; an unknown model is
	 * left alone, and a list that would outgrow a tag value is not extended.
	 */
	@Transactional
	public void recordModelVersion(String modelId, String name, int version) {
		Optional<LoggedModelRepository.LoggedModelRow> row = this.models.findByUid(modelId);
		if (row.isEmpty()) {
			return;
		}
		long id = row.get().id();
		String existing = this.models.tags(List.of(id))
			.getOrDefault(id, List.of())
			.stream()
			.filter((tag) -> tag.key().equals(MODEL_VERSIONS_TAG))
			.map(KeyValue::value)
			.findFirst()
			.orElse(null);
		ArrayNode versions = JSON.createArrayNode();
		if (existing != null) {
			try {
				if (JSON.readTree(existing) instanceof ArrayNode list) {
					versions = list;
				}
			}
			catch (JacksonException ex) {
				// A value someone else wrote by hand: start the list afresh.
			}
		}
		ObjectNode entry = JSON.createObjectNode().put("name", name).put("version", Integer.toString(version));
		for (JsonNode present : versions) {
			if (present.equals(entry)) {
				return;
			}
		}
		versions.add(entry);
		String value = JSON.writeValueAsString(versions);
		if (value.length() <= TrackingLimits.MAX_TAG_VALUE_LENGTH) {
			this.models.setTag(id, MODEL_VERSIONS_TAG, value);
		}
	}

	/**
	 * A dataset a run read.
	 *
	 * @param datasetId the dataset's surrogate key
	 * @param experimentId the experiment the dataset belongs to
	 * @param name the dataset's name
	 * @param digest the dataset's digest
	 * @param context the input's {@code mlflow.data.context} tag ({@code training}), or
	 * null
	 */
	public record RunDataset(long datasetId, long experimentId, String name, String digest, String context) {
	}

	/** Whether a run with this id exists (deleted or not). */
	public boolean runExists(String runId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM runs WHERE run_uuid = ?")
			.param(runId)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * A run's artifact root URI, for a feature that reads files of a run it was given on
	 * a caller's authority (a deployed model version); empty for an unknown run.
	 */
	public Optional<String> runArtifactUri(String runId) {
		return this.jdbc.sql("SELECT artifact_uri FROM runs WHERE run_uuid = ?")
			.param(runId)
			.query(String.class)
			.optional();
	}

	/** Whether a logged model with this id exists (deleted or not). */
	public boolean loggedModelExists(String modelId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM logged_models WHERE model_uid = ?")
			.param(modelId)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * The values of some tags of a run, by key; keys the run lacks, or an unknown run,
	 * are absent.
	 */
	public Map<String, String> runTags(String runId, Collection<String> keys) {
		Map<String, String> tags = new LinkedHashMap<>();
		if (keys.isEmpty()) {
			return tags;
		}
		this.jdbc
			.sql("SELECT t.tag_key, t.tag_value FROM run_tags t JOIN runs r ON r.id = t.run_id "
					+ "WHERE r.run_uuid = :run AND t.tag_key IN (:keys)")
			.param("run", runId)
			.param("keys", keys)
			.query((rs) -> {
				tags.put(rs.getString("tag_key"), rs.getString("tag_value"));
			});
		return tags;
	}

	/** The datasets a run read, in the order it logged them; none for an unknown run. */
	public List<RunDataset> runDatasets(String runId) {
		return this.jdbc
			.sql("SELECT d.id, d.experiment_id, d.name, d.digest, (SELECT t.tag_value FROM run_input_tags t "
					+ "WHERE t.run_input_id = ri.id AND t.tag_key = ?) AS context FROM run_inputs ri "
					+ "JOIN runs r ON r.id = ri.run_id JOIN datasets d ON d.id = ri.dataset_id "
					+ "WHERE r.run_uuid = ? ORDER BY ri.id")
			.params(DATASET_CONTEXT_TAG, runId)
			.query((rs, n) -> new RunDataset(rs.getLong("id"), rs.getLong("experiment_id"), rs.getString("name"),
					rs.getString("digest"), rs.getString("context")))
			.list();
	}

	/**
	 * A dataset a run logged, with its source as MLflow stored it.
	 *
	 * @param name the dataset's name
	 * @param digest its digest
	 * @param sourceType MLflow's source type ({@code http}, {@code local}, ...)
	 * @param source the source as MLflow's client sent it (usually JSON with a
	 * {@code uri} or {@code url})
	 */
	public record DatasetSource(String name, String digest, String sourceType, String source) {
	}

	/** The newest dataset of this name that the run logged, if any. */
	public Optional<DatasetSource> datasetSource(String runId, String name) {
		return this.jdbc
			.sql("SELECT d.name, d.digest, d.source_type, d.source FROM run_inputs ri JOIN runs r ON r.id = ri.run_id "
					+ "JOIN datasets d ON d.id = ri.dataset_id WHERE r.run_uuid = ? AND d.name = ? ORDER BY ri.id DESC")
			.params(runId, name)
			.query((rs, n) -> new DatasetSource(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.stream()
			.findFirst();
	}

	/** The experiment of each dataset, by the dataset's key; unknown keys are absent. */
	public Map<Long, Long> datasetExperiments(Collection<Long> datasetIds) {
		Map<Long, Long> experiments = new LinkedHashMap<>();
		if (datasetIds.isEmpty()) {
			return experiments;
		}
		this.jdbc.sql("SELECT id, experiment_id FROM datasets WHERE id IN (:ids)")
			.param("ids", datasetIds)
			.query((rs) -> {
				experiments.put(rs.getLong("id"), rs.getLong("experiment_id"));
			});
		return experiments;
	}

}
