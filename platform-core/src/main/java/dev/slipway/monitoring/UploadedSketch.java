package dev.slipway.monitoring;

/**
 * One column's profile computed elsewhere (a Spark or Python job with the DataSketches
 * library) and sent as sketch bytes, which the C++, Python and Java libraries write
 * identically.
 *
 * @param kll a KLL doubles sketch (numerical columns)
 * @param frequentItems a frequent strings sketch (categorical and text columns)
 * @param hll an HLL sketch of the distinct values (categorical and text columns;
 * optional)
 * @param nulls missing values the job counted (0 when null)
 * @param mean the exact mean of the values, or null to estimate it from the sketch
 * @param variance the exact population variance, or null to estimate it from the sketch
 */
public record UploadedSketch(byte[] kll, byte[] frequentItems, byte[] hll, Long nulls, Double mean, Double variance) {
}
