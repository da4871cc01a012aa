package dev.slipway.tracking.api;

import java.util.List;

import dev.slipway.mlflow.KeyValueMessage;
import dev.slipway.mlflow.MlflowField;
import dev.slipway.mlflow.MlflowMessage;
import dev.slipway.mlflow.Required;

/**
 * The requests of MLflow's tracking service, one record per endpoint, as
 * {@code service.proto} declares them (field names in snake_case on the wire). Required
 * fields are those MLflow's handlers require; {@code run_uuid} is read where
 * {@code run_id} is absent, as MLflow still does.
 */
final class TrackingMessages {

	private TrackingMessages() {
	}

	// experiments

	@MlflowMessage
	record CreateExperiment(@Required String name, String artifactLocation, List<KeyValueMessage> tags) {
	}

	@MlflowMessage
	record ExperimentRef(@Required String experimentId) {
	}

	@MlflowMessage
	record GetExperimentByName(@Required String experimentName) {
	}

	@MlflowMessage
	record UpdateExperiment(@Required String experimentId, @Required String newName) {
	}

	@MlflowMessage
	record SetExperimentTag(@Required String experimentId, @Required String key, String value) {
	}

	@MlflowMessage
	record DeleteExperimentTag(@Required String experimentId, @Required String key) {
	}

	@MlflowMessage
	record SearchExperiments(Long maxResults, String pageToken, String filter, List<String> orderBy, String viewType) {
	}

	// runs

	@MlflowMessage
	record CreateRun(String experimentId, String userId, Long startTime, String runName, List<KeyValueMessage> tags) {
	}

	@MlflowMessage
	record RunRef(@Required @MlflowField(aliases = "run_uuid") String runId) {
	}

	@MlflowMessage
	record UpdateRun(@Required @MlflowField(aliases = "run_uuid") String runId, String status, Long endTime,
			String runName) {
	}

	@MlflowMessage
	record LogMetric(@Required @MlflowField(aliases = "run_uuid") String runId, @Required String key,
			@Required Double value, @Required Long timestamp, Long step, String modelId, String datasetName,
			String datasetDigest) {
	}

	@MlflowMessage
	record LogParam(@Required @MlflowField(aliases = "run_uuid") String runId, @Required String key, String value) {
	}

	@MlflowMessage
	record SetTag(@Required @MlflowField(aliases = "run_uuid") String runId, @Required String key, String value) {
	}

	@MlflowMessage
	record DeleteTag(@Required @MlflowField(aliases = "run_uuid") String runId, @Required String key) {
	}

	/** A metric of {@code runs/log-batch}; an absent value is 0, as protobuf reads it. */
	@MlflowMessage
	record Metric(@Required String key, Double value, @Required Long timestamp, Long step, String modelId,
			String datasetName, String datasetDigest) {
	}

	@MlflowMessage
	record LogBatch(@Required @MlflowField(aliases = "run_uuid") String runId, List<Metric> metrics,
			List<KeyValueMessage> params, List<KeyValueMessage> tags) {
	}

	@MlflowMessage
	record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {
	}

	@MlflowMessage
	record DatasetInput(@Required Dataset dataset, List<KeyValueMessage> tags) {
	}

	@MlflowMessage
	record ModelInput(@Required String modelId) {
	}

	@MlflowMessage
	record LogInputs(@Required @MlflowField(aliases = "run_uuid") String runId, List<DatasetInput> datasets,
			List<ModelInput> models) {
	}

	@MlflowMessage
	record ModelOutput(@Required String modelId, Long step) {
	}

	@MlflowMessage
	record LogOutputs(@Required @MlflowField(aliases = "run_uuid") String runId, List<ModelOutput> models) {
	}

	@MlflowMessage
	record SearchRuns(List<String> experimentIds, String filter, String runViewType, Long maxResults,
			List<String> orderBy, String pageToken) {
	}

	@MlflowMessage
	record GetMetricHistory(@Required @MlflowField(aliases = "run_uuid") String runId, @Required String metricKey,
			Long maxResults, String pageToken) {
	}

	@MlflowMessage
	record GetMetricHistoryBulk(@Required List<String> runId, @Required String metricKey, Long maxResults) {
	}

	@MlflowMessage
	record GetMetricHistoryBulkInterval(@Required List<String> runIds, @Required String metricKey, Long startStep,
			Long endStep, Long maxResults) {
	}

	@MlflowMessage
	record LogModel(@Required @MlflowField(aliases = "run_uuid") String runId, @Required String modelJson) {
	}

	@MlflowMessage
	record ListArtifacts(@Required @MlflowField(aliases = "run_uuid") String runId, String path, String pageToken) {
	}

	// logged models (MLflow 3)

	@MlflowMessage
	record CreateLoggedModel(@Required String experimentId, String name, String modelType, String sourceRunId,
			List<KeyValueMessage> params, List<KeyValueMessage> tags) {
	}

	@MlflowMessage
	record GetLoggedModel(Boolean allowDeleted) {
	}

	@MlflowMessage
	record FinalizeLoggedModel(@Required String status) {
	}

	@MlflowMessage
	record SetLoggedModelTags(List<KeyValueMessage> tags) {
	}

	@MlflowMessage
	record LogLoggedModelParams(List<KeyValueMessage> params) {
	}

	@MlflowMessage
	record OrderBy(@Required String fieldName, Boolean ascending, String datasetName, String datasetDigest) {
	}

	@MlflowMessage
	record DatasetFilter(@Required String datasetName, String datasetDigest) {
	}

	@MlflowMessage
	record SearchLoggedModels(List<String> experimentIds, String filter, List<DatasetFilter> datasets, Long maxResults,
			List<OrderBy> orderBy, String pageToken) {
	}

	@MlflowMessage
	record ListLoggedModelArtifacts(String artifactDirectoryPath, String pageToken) {
	}

	@MlflowMessage
	record LoggedModelArtifact(@Required String artifactFilePath) {
	}

}
