package dev.slipway.tracking;

import java.util.List;

/**
 * Runs side by side: their params and latest metrics row by row, and the metric keys
 * every run has, for overlaid charts.
 *
 * @param runs the runs compared, in the order asked
 * @param params one row per param key any run has
 * @param metrics one row per metric key any run has, latest values
 * @param commonMetricKeys metric keys all runs have
 */
public record RunComparison(List<RunInfo> runs, List<Row> params, List<Row> metrics, List<String> commonMetricKeys) {

	/** Fewest runs a comparison takes. */
	public static final int MIN_RUNS = 2;

	/** Most runs a comparison takes. */
	public static final int MAX_RUNS = 10;

	/**
	 * One key across the runs.
	 *
	 * @param key the param or metric key
	 * @param values the value per run, in run order; null where the run has none
	 * @param numbers the numeric value per run (null where absent or not a number), for
	 * scatter plots
	 * @param differs whether the runs do not all have the same value
	 */
	public record Row(String key, List<String> values, List<Double> numbers, boolean differs) {
	}

}
