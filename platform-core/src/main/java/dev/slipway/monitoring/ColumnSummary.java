package dev.slipway.monitoring;

import java.util.List;
import java.util.Map;

/**
 * One column's profile in one window (or the reference), for charts and drill-downs.
 *
 * @param start the window's start, epoch milliseconds (0 for the reference)
 * @param count non-null values
 * @param nulls missing values
 * @param min the smallest value (numbers)
 * @param max the largest value (numbers)
 * @param mean the mean (numbers)
 * @param std the population standard deviation (numbers)
 * @param quantiles p1, p5, p25, p50, p75, p95 and p99 from the KLL sketch (numbers)
 * @param binShares the share of values in each reference bin, in the bins' order; null
 * without a reference
 * @param exactBins whether the shares come from exact counts rather than the sketches
 * @param distinct the HLL estimate of distinct values (categories)
 * @param topItems the most frequent values with their estimated counts (categories)
 * @param rankError the normalized rank error of the quantiles (0 when exact)
 */
public record ColumnSummary(long start, long count, long nulls, Double min, Double max, Double mean, Double std,
		Map<String, Double> quantiles, List<Double> binShares, boolean exactBins, Double distinct,
		List<ItemCount> topItems, double rankError) {

	/** A value and how often it was seen. */
	public record ItemCount(String value, long count) {
	}

}
