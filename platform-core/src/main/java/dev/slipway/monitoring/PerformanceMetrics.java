package dev.slipway.monitoring;

import java.util.List;
import java.util.Map;

/**
 * A window's model performance from the labels that arrived for its predictions.
 *
 * @param task classification or regression
 * @param labeled predictions with a label
 * @param predictions predictions made in the window
 * @param coverage labeled ÷ predictions, null without predictions
 * @param metrics by name: {@code accuracy}, {@code precision}, {@code recall},
 * {@code f1}, {@code roc_auc}, {@code log_loss} (classification; precision, recall and F1
 * of the positive class for two classes, macro averages otherwise) or {@code mae},
 * {@code rmse}, {@code mape}, {@code bias} (regression, bias = mean of prediction −
 * label)
 * @param classes the confusion matrix's class labels, in order (classification)
 * @param confusion counts by actual (row) and predicted (column) class
 */
public record PerformanceMetrics(MonitorSchema.Task task, long labeled, long predictions, Double coverage,
		Map<String, Double> metrics, List<String> classes, List<List<Long>> confusion) {

	/** No labelled predictions yet. */
	static PerformanceMetrics none(MonitorSchema.Task task, long predictions, Double coverage) {
		return new PerformanceMetrics(task, 0, predictions, coverage, Map.of(), null, null);
	}

	/** A metric's value, or null when the window has none. */
	public Double metric(String name) {
		return this.metrics.get(name);
	}

}
