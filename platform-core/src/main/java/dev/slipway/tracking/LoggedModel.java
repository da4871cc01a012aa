package dev.slipway.tracking;

import java.util.List;

import dev.slipway.query.KeyValue;

/**
 * An MLflow 3 logged model: a model's artifacts and metadata, produced by a run or on its
 * own.
 *
 * @param modelId public id: {@code m-} and 32 hex characters
 * @param experimentId the experiment's public id
 * @param name model name
 * @param artifactUri root URI of the model's artifacts
 * @param creationTimestamp epoch milliseconds
 * @param lastUpdatedTimestamp epoch milliseconds
 * @param status {@code LOGGED_MODEL_PENDING}, {@code LOGGED_MODEL_READY} or
 * {@code LOGGED_MODEL_UPLOAD_FAILED}
 * @param statusMessage detail of the status, may be null
 * @param modelType free-form type, may be null
 * @param sourceRunId the producing run's id, may be null
 * @param tags model tags
 * @param params model params
 * @param metrics metrics linked to the model
 */
public record LoggedModel(String modelId, String experimentId, String name, String artifactUri, long creationTimestamp,
		long lastUpdatedTimestamp, String status, String statusMessage, String modelType, String sourceRunId,
		List<KeyValue> tags, List<KeyValue> params, List<ModelMetric> metrics) {

	/**
	 * A metric point linked to a logged model.
	 *
	 * @param metric the point
	 * @param runId the run that logged it, may be null
	 * @param datasetName the dataset it was computed on, may be null
	 * @param datasetDigest that dataset's digest, may be null
	 */
	public record ModelMetric(Metric metric, String runId, String datasetName, String datasetDigest) {
	}

}
