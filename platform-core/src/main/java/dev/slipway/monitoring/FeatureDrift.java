package dev.slipway.monitoring;

/**
 * One column's drift in one window against the reference.
 *
 * @param column the column
 * @param kind its kind
 * @param method the method's wire name
 * @param score the p-value or distance the verdict is taken on (NaN when there is no
 * data)
 * @param statistic the test statistic for p-value methods (KS distance D, chi-square, Z),
 * else equal to the score
 * @param threshold the drift threshold
 * @param possibleThreshold the "possible drift" threshold
 * @param verdict the verdict
 * @param exact whether the statistic is exact (exact bin counts, or sketches holding
 * every value) rather than estimated from sketches
 * @param errorBound the largest error of the statistic at 99% confidence, 0 when exact
 * @param referenceCount non-null values in the reference
 * @param count non-null values in the window
 * @param nulls missing values in the window
 */
public record FeatureDrift(String column, ColumnKind kind, String method, double score, double statistic,
		double threshold, double possibleThreshold, Verdict verdict, boolean exact, double errorBound,
		long referenceCount, long count, long nulls) {
}
