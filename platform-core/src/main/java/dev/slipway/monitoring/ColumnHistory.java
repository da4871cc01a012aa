package dev.slipway.monitoring;

import java.util.List;

/**
 * A column over time: the reference and each window's summary, with the reference's bin
 * labels the shares refer to.
 *
 * @param column the column
 * @param kind its kind
 * @param binLabels labels of the reference bins, or empty without a reference
 * @param reference the reference's summary, or null without a reference
 * @param windows each window's summary, oldest first
 */
public record ColumnHistory(String column, ColumnKind kind, List<String> binLabels, ColumnSummary reference,
		List<ColumnSummary> windows) {
}
