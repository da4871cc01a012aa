package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.slipway.query.KeyValue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Hand-written SQL for datasets, run inputs (datasets and models) and run outputs. */
@Repository
class InputRepository {

	private final JdbcClient jdbc;

	InputRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The dataset's id within the experiment, creating it on first use. */
	long datasetId(long experimentId, Dataset dataset) {
		Optional<Long> existing = this.jdbc
			.sql("SELECT id FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?")
			.params(experimentId, dataset.name(), dataset.digest())
			.query(Long.class)
			.optional();
		if (existing.isPresent()) {
			return existing.get();
		}
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql(
				"INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source, schema_json, profile_json) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(UUID.randomUUID().toString().replace("-", ""), experimentId, dataset.name(), dataset.digest(),
					dataset.sourceType(), dataset.source(), dataset.schema(), dataset.profile())
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	/** Links a dataset to a run (once) and sets the input's tags. */
	void addDatasetInput(long runId, long datasetId, List<KeyValue> tags) {
		long inputId = this.jdbc.sql("SELECT id FROM run_inputs WHERE run_id = ? AND dataset_id = ?")
			.params(runId, datasetId)
			.query(Long.class)
			.optional()
			.orElseGet(() -> {
				KeyHolder keys = new GeneratedKeyHolder();
				this.jdbc.sql("INSERT INTO run_inputs (run_id, dataset_id) VALUES (?, ?)")
					.params(runId, datasetId)
					.update(keys, "id");
				return keys.getKey().longValue();
			});
		for (KeyValue tag : tags) {
			TrackingRows.upsert(this.jdbc, "run_input_tags", "run_input_id", "tag_key", "tag_value", inputId, tag.key(),
					tag.value());
		}
	}

	void addModelInput(long runId, long loggedModelId) {
		this.jdbc.sql("INSERT INTO run_inputs (run_id, logged_model_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
			.params(runId, loggedModelId)
			.update();
	}

	void addModelOutput(long runId, long loggedModelId, long step) {
		this.jdbc.sql("INSERT INTO run_outputs (run_id, logged_model_id, step) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
			.params(runId, loggedModelId, step)
			.update();
	}

	/** Dataset inputs of each run, with their tags. */
	Map<Long, List<DatasetInput>> datasetInputs(Collection<Long> runIds) {
		Map<Long, Map<Long, DatasetInputBuilder>> byRun = new LinkedHashMap<>();
		for (List<Long> chunk : TrackingRows.chunks(runIds)) {
			this.jdbc
				.sql("SELECT ri.run_id, ri.id, d.name, d.digest, d.source_type, d.source, d.schema_json, d.profile_json, "
						+ "t.tag_key, t.tag_value FROM run_inputs ri JOIN datasets d ON d.id = ri.dataset_id "
						+ "LEFT JOIN run_input_tags t ON t.run_input_id = ri.id WHERE ri.run_id = ANY(:ids) ORDER BY ri.id, t.tag_key")
				.param("ids", TrackingRows.array(chunk))
				.query((rs, n) -> {
					Dataset dataset = new Dataset(rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
							rs.getString(7), rs.getString(8));
					DatasetInputBuilder input = byRun.computeIfAbsent(rs.getLong(1), (k) -> new LinkedHashMap<>())
						.computeIfAbsent(rs.getLong(2), (k) -> new DatasetInputBuilder(dataset));
					String tagKey = rs.getString(9);
					if (tagKey != null) {
						input.tags.add(new KeyValue(tagKey, rs.getString(10)));
					}
					return null;
				})
				.list();
		}
		Map<Long, List<DatasetInput>> result = new LinkedHashMap<>();
		byRun.forEach((runId, inputs) -> result.put(runId,
				inputs.values().stream().map((b) -> new DatasetInput(b.dataset, List.copyOf(b.tags))).toList()));
		return result;
	}

	/** Logged models each run used. */
	Map<Long, List<ModelIo>> modelInputs(Collection<Long> runIds) {
		return models(
				"SELECT ri.run_id, lm.model_uid, NULL FROM run_inputs ri JOIN logged_models lm ON lm.id = ri.logged_model_id "
						+ "WHERE ri.run_id = ANY(:ids) ORDER BY ri.id",
				runIds);
	}

	/** Logged models each run produced. */
	Map<Long, List<ModelIo>> modelOutputs(Collection<Long> runIds) {
		return models(
				"SELECT ro.run_id, lm.model_uid, ro.step FROM run_outputs ro JOIN logged_models lm ON lm.id = ro.logged_model_id "
						+ "WHERE ro.run_id = ANY(:ids) ORDER BY ro.id",
				runIds);
	}

	private Map<Long, List<ModelIo>> models(String sql, Collection<Long> runIds) {
		Map<Long, List<ModelIo>> result = new LinkedHashMap<>();
		for (List<Long> chunk : TrackingRows.chunks(runIds)) {
			this.jdbc.sql(sql).param("ids", TrackingRows.array(chunk)).query((rs, n) -> {
				result.computeIfAbsent(rs.getLong(1), (k) -> new ArrayList<>())
					.add(new ModelIo(rs.getString(2), rs.getObject(3, Long.class)));
				return null;
			}).list();
		}
		return result;
	}

	private static final class DatasetInputBuilder {

		private final Dataset dataset;

		private final List<KeyValue> tags = new ArrayList<>();

		DatasetInputBuilder(Dataset dataset) {
			this.dataset = dataset;
		}

	}

}
