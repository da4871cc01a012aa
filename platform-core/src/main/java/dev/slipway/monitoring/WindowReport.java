package dev.slipway.monitoring;

import java.util.List;

/**
 * One window against the reference: the dataset drift verdict, the prediction's drift,
 * every feature's drift, and the model's performance from the labels that arrived.
 *
 * @param start the window's start (epoch milliseconds)
 * @param grain {@code H} (hour) or {@code D} (day)
 * @param rows rows profiled in the window
 * @param driftShare the share of features with a DRIFT verdict among those with data
 * @param drifted features with a DRIFT verdict
 * @param possiblyDrifted features with a POSSIBLE_DRIFT verdict
 * @param evaluated features with data on both sides
 * @param verdict DRIFT when the drifted share reaches the monitor's drift share,
 * POSSIBLE_DRIFT when drifted and possibly drifted together do, NO_DATA without a
 * reference or rows
 * @param prediction the prediction column's drift, or null when the schema names none
 * @param features every feature's drift, in schema order
 * @param performance the performance metrics, or null when the schema has no label
 */
public record WindowReport(long start, String grain, long rows, double driftShare, int drifted, int possiblyDrifted,
		int evaluated, Verdict verdict, FeatureDrift prediction, List<FeatureDrift> features,
		PerformanceMetrics performance) {

	/** This report with performance metrics. */
	WindowReport withPerformance(PerformanceMetrics metrics) {
		return new WindowReport(this.start, this.grain, this.rows, this.driftShare, this.drifted, this.possiblyDrifted,
				this.evaluated, this.verdict, this.prediction, this.features, metrics);
	}

}
