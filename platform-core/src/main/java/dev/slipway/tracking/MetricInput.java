package dev.slipway.tracking;

/**
 * A metric point as logged, with its optional MLflow 3 links.
 *
 * @param metric the point
 * @param modelId logged model the point belongs to, may be null
 * @param datasetName dataset it was computed on, may be null
 * @param datasetDigest that dataset's digest, may be null
 */
public record MetricInput(Metric metric, String modelId, String datasetName, String datasetDigest) {

	/** A point with no model or dataset link. */
	public static MetricInput of(Metric metric) {
		return new MetricInput(metric, null, null, null);
	}

}
