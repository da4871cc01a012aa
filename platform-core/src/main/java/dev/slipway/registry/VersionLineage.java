package dev.slipway.registry;

import java.util.List;

/**
 * Where a model version came from.
 *
 * @param version the version
 * @param run the source run, or null when it has none or it is gone
 * @param loggedModel the logged model, or null
 * @param datasets the datasets the source run read, as they were at registration
 * @param gitCommit the code version ({@code mlflow.source.git.commit}), or null
 * @param codeSource the code that ran ({@code mlflow.source.name}), or null
 * @param pipelineRunId the pipeline run that produced it, or null
 * @param pipelineStep the step of that run that produced it, or null
 * @param metrics the source run's latest metrics, by key
 */
public record VersionLineage(ModelVersion version, SourceRun run, SourceModel loggedModel,
		List<LineageDataset> datasets, String gitCommit, String codeSource, Long pipelineRunId, String pipelineStep,
		List<LineageMetric> metrics) {

	/**
	 * The run that produced the version.
	 *
	 * @param experimentId the run's experiment id
	 * @param runId the run id
	 * @param runName the run name
	 * @param status the run status
	 * @param artifactUri the run's artifact root
	 */
	public record SourceRun(String experimentId, String runId, String runName, String status, String artifactUri) {
	}

	/**
	 * The MLflow 3 logged model behind the version.
	 *
	 * @param modelId the logged model id
	 * @param name its name
	 * @param artifactLocation where its files are
	 */
	public record SourceModel(String modelId, String name, String artifactLocation) {
	}

	/**
	 * A dataset the source run read.
	 *
	 * @param name the dataset name
	 * @param digest its digest
	 * @param context the input context ({@code training}, {@code eval}), or null
	 * @param experimentId the experiment it is registered in, or null when gone
	 */
	public record LineageDataset(String name, String digest, String context, String experimentId) {
	}

	/**
	 * A latest metric value of the source run.
	 *
	 * @param key the metric key
	 * @param value the latest value
	 */
	public record LineageMetric(String key, double value) {
	}

}
