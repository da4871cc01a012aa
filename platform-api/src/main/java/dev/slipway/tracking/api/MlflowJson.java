package dev.slipway.tracking.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.query.KeyValue;
import dev.slipway.tracking.ArtifactFile;
import dev.slipway.tracking.Experiment;
import dev.slipway.tracking.LoggedModel;
import dev.slipway.tracking.Metric;
import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunInfo;

/**
 * The MLflow wire shapes of tracking entities (service.proto field names). Absent
 * optional fields are left out, as protobuf's JSON does.
 */
final class MlflowJson {

	private MlflowJson() {
	}

	record KeyValueJson(String key, String value) {

		static List<KeyValueJson> of(List<KeyValue> pairs) {
			return pairs.stream().map((pair) -> new KeyValueJson(pair.key(), pair.value())).toList();
		}

	}

	record ExperimentJson(@JsonProperty("experiment_id") String experimentId, String name,
			@JsonProperty("artifact_location") String artifactLocation,
			@JsonProperty("lifecycle_stage") String lifecycleStage,
			@JsonProperty("last_update_time") long lastUpdateTime, @JsonProperty("creation_time") long creationTime,
			List<KeyValueJson> tags) {

		static ExperimentJson of(Experiment experiment) {
			return new ExperimentJson(experiment.experimentId(), experiment.name(), experiment.artifactLocation(),
					experiment.lifecycleStage(), experiment.lastUpdateTime(), experiment.creationTime(),
					KeyValueJson.of(experiment.tags()));
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record MetricJson(String key, double value, long timestamp, long step, @JsonProperty("run_id") String runId,
			@JsonProperty("dataset_name") String datasetName, @JsonProperty("dataset_digest") String datasetDigest,
			@JsonProperty("model_id") String modelId) {

		static MetricJson of(Metric metric) {
			return new MetricJson(metric.key(), metric.value(), metric.timestamp(), metric.step(), null, null, null,
					null);
		}

		static MetricJson of(Metric metric, String runId) {
			return new MetricJson(metric.key(), metric.value(), metric.timestamp(), metric.step(), runId, null, null,
					null);
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record RunInfoJson(@JsonProperty("run_id") String runId, @JsonProperty("run_uuid") String runUuid,
			@JsonProperty("run_name") String runName, @JsonProperty("experiment_id") String experimentId,
			@JsonProperty("user_id") String userId, String status, @JsonProperty("start_time") Long startTime,
			@JsonProperty("end_time") Long endTime, @JsonProperty("artifact_uri") String artifactUri,
			@JsonProperty("lifecycle_stage") String lifecycleStage) {

		static RunInfoJson of(RunInfo info) {
			return new RunInfoJson(info.runId(), info.runId(), info.runName(), info.experimentId(), info.userId(),
					info.status().name(), info.startTime(), info.endTime(), info.artifactUri(), info.lifecycleStage());
		}

	}

	record RunDataJson(List<MetricJson> metrics, List<KeyValueJson> params, List<KeyValueJson> tags) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record DatasetJson(String name, String digest, @JsonProperty("source_type") String sourceType, String source,
			String schema, String profile) {
	}

	record DatasetInputJson(List<KeyValueJson> tags, DatasetJson dataset) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ModelIoJson(@JsonProperty("model_id") String modelId, Long step) {
	}

	record RunInputsJson(@JsonProperty("dataset_inputs") List<DatasetInputJson> datasetInputs,
			@JsonProperty("model_inputs") List<ModelIoJson> modelInputs) {
	}

	record RunOutputsJson(@JsonProperty("model_outputs") List<ModelIoJson> modelOutputs) {
	}

	record RunJson(RunInfoJson info, RunDataJson data, RunInputsJson inputs, RunOutputsJson outputs) {

		static RunJson of(Run run) {
			List<DatasetInputJson> datasets = run.datasetInputs()
				.stream()
				.map((input) -> new DatasetInputJson(KeyValueJson.of(input.tags()),
						new DatasetJson(input.dataset().name(), input.dataset().digest(), input.dataset().sourceType(),
								input.dataset().source(), input.dataset().schema(), input.dataset().profile())))
				.toList();
			return new RunJson(RunInfoJson.of(run.info()),
					new RunDataJson(run.metrics().stream().map(MetricJson::of).toList(), KeyValueJson.of(run.params()),
							KeyValueJson.of(run.tags())),
					new RunInputsJson(datasets,
							run.modelInputs().stream().map((m) -> new ModelIoJson(m.modelId(), null)).toList()),
					new RunOutputsJson(
							run.modelOutputs().stream().map((m) -> new ModelIoJson(m.modelId(), m.step())).toList()));
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record LoggedModelInfoJson(@JsonProperty("model_id") String modelId,
			@JsonProperty("experiment_id") String experimentId, String name,
			@JsonProperty("artifact_uri") String artifactUri,
			@JsonProperty("creation_timestamp_ms") long creationTimestampMs,
			@JsonProperty("last_updated_timestamp_ms") long lastUpdatedTimestampMs, String status,
			@JsonProperty("status_message") String statusMessage, @JsonProperty("model_type") String modelType,
			@JsonProperty("source_run_id") String sourceRunId, List<KeyValueJson> tags) {
	}

	record LoggedModelDataJson(List<KeyValueJson> params, List<MetricJson> metrics) {
	}

	record LoggedModelJson(LoggedModelInfoJson info, LoggedModelDataJson data) {

		static LoggedModelJson of(LoggedModel model) {
			List<MetricJson> metrics = model.metrics()
				.stream()
				.map((m) -> new MetricJson(m.metric().key(), m.metric().value(), m.metric().timestamp(),
						m.metric().step(), m.runId(), m.datasetName(), m.datasetDigest(), model.modelId()))
				.toList();
			return new LoggedModelJson(new LoggedModelInfoJson(model.modelId(), model.experimentId(), model.name(),
					model.artifactUri(), model.creationTimestamp(), model.lastUpdatedTimestamp(), model.status(),
					model.statusMessage(), model.modelType(), model.sourceRunId(), KeyValueJson.of(model.tags())),
					new LoggedModelDataJson(KeyValueJson.of(model.params()), metrics));
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record FileJson(String path, @JsonProperty("is_dir") boolean isDir, @JsonProperty("file_size") Long fileSize) {

		static List<FileJson> of(List<ArtifactFile> files) {
			return files.stream().map((f) -> new FileJson(f.path(), f.isDir(), f.fileSize())).toList();
		}

	}

}
