package dev.slipway.monitoring;

/** What an alert rule watches in each window. */
public enum AlertMetric {

	/** The share of drifted features (fires by default when the dataset drifts). */
	DATASET_DRIFT,

	/** One feature's drift score (fires by default on its DRIFT verdict). */
	FEATURE_DRIFT,

	/** The prediction column's drift score (fires by default on its DRIFT verdict). */
	PREDICTION_DRIFT,

	/** A performance metric by name ({@code accuracy}, {@code f1}, {@code mae}, ...). */
	PERFORMANCE,

	/** The number of rows in the window. */
	VOLUME,

	/** One column's share of missing values. */
	NULL_SHARE,

	/** The share of the window's predictions that have a label. */
	LABEL_COVERAGE

}
