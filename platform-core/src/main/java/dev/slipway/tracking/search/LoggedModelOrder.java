package dev.slipway.tracking.search;

/**
 * One entry of {@code search_logged_models}' {@code order_by}, as MLflow sends it.
 *
 * @param fieldName {@code metrics.<key>} or an attribute: name, model_id, model_type,
 * status, source_run_id, creation_timestamp (alias creation_time), last_updated_timestamp
 * (alias last_updated_time)
 * @param ascending the direction; {@code null} means ascending
 * @param datasetName for a metric, only values logged against this dataset; optional
 * @param datasetDigest for a metric, only values logged against this dataset digest;
 * requires {@code datasetName}
 */
public record LoggedModelOrder(String fieldName, Boolean ascending, String datasetName, String datasetDigest) {

	/** An order on {@code fieldName} without a dataset. */
	public static LoggedModelOrder of(String fieldName, boolean ascending) {
		return new LoggedModelOrder(fieldName, ascending, null, null);
	}

}
