package dev.slipway.tracking;

/**
 * One metric point.
 *
 * @param key metric name
 * @param value the value; NaN and infinities are legal
 * @param timestamp epoch milliseconds, may be negative
 * @param step training step, may be negative
 */
public record Metric(String key, double value, long timestamp, long step) {

	/**
	 * Whether this point wins over {@code other} as "latest": higher step, then time,
	 * then value.
	 */
	boolean isLaterThan(Metric other) {
		if (this.step != other.step) {
			return this.step > other.step;
		}
		if (this.timestamp != other.timestamp) {
			return this.timestamp > other.timestamp;
		}
		return Double.compare(this.value, other.value) > 0;
	}

}
