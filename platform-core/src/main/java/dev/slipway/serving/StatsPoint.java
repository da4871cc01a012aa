package dev.slipway.serving;

/**
 * One version's requests in one bucket of time, for charts.
 *
 * @param time the bucket's start, epoch milliseconds
 * @param version the model version
 * @param requests requests answered
 * @param errors requests failed
 * @param p50Millis median latency, or null
 * @param p99Millis 99th percentile latency, or null
 */
public record StatsPoint(long time, int version, long requests, long errors, Double p50Millis, Double p99Millis) {
}
