package dev.slipway.tracking;

/**
 * A metric point of a named run, as multi-run chart reads return them.
 *
 * @param runId the run's public id
 * @param metric the point
 */
public record RunMetric(String runId, Metric metric) {
}
