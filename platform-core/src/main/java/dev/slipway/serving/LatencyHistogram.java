package dev.slipway.serving;

import java.util.Arrays;

/**
 * Latencies counted in fixed log-spaced buckets (each 10% wider than the one before, from
 * 1 µs to about 100 s), so histograms from every replica and every ten seconds add up and
 * a percentile read from the sum is within 5% of the true value. Not thread-safe.
 */
final class LatencyHistogram {

	/** Bucket count: 1.1^200 µs is about 190 s. */
	static final int BUCKETS = 200;

	private static final double LOG_BASE = Math.log(1.1);

	private final long[] counts = new long[BUCKETS];

	private long total;

	/** Counts one latency. */
	void record(long nanos) {
		double micros = Math.max(1.0, nanos / 1000.0);
		int index = (int) Math.min(BUCKETS - 1, Math.floor(Math.log(micros) / LOG_BASE));
		this.counts[index]++;
		this.total++;
	}

	/** Adds another histogram's counts. */
	void add(LatencyHistogram other) {
		for (int i = 0; i < BUCKETS; i++) {
			this.counts[i] += other.counts[i];
		}
		this.total += other.total;
	}

	long total() {
		return this.total;
	}

	/**
	 * The latency in milliseconds below which {@code quantile} of the counts fall (the
	 * middle of its bucket), or null when nothing was counted.
	 */
	Double percentileMillis(double quantile) {
		if (this.total == 0) {
			return null;
		}
		long rank = Math.max(1, (long) Math.ceil(quantile * this.total));
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += this.counts[i];
			if (seen >= rank) {
				return Math.pow(1.1, i + 0.5) / 1000.0;
			}
		}
		return Math.pow(1.1, BUCKETS) / 1000.0;
	}

	/** Sparse text: {@code index:count} pairs joined by commas. */
	String encode() {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < BUCKETS; i++) {
			if (this.counts[i] > 0) {
				if (!text.isEmpty()) {
					text.append(',');
				}
				text.append(i).append(':').append(this.counts[i]);
			}
		}
		return text.toString();
	}

	/** Reads {@link #encode()}'s text; unreadable pairs are skipped. */
	static LatencyHistogram decode(String text) {
		LatencyHistogram histogram = new LatencyHistogram();
		if (text == null || text.isEmpty()) {
			return histogram;
		}
		for (String pair : text.split(",")) {
			int colon = pair.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			try {
				int index = Integer.parseInt(pair.substring(0, colon));
				long count = Long.parseLong(pair.substring(colon + 1));
				if (index >= 0 && index < BUCKETS && count > 0) {
					histogram.counts[index] += count;
					histogram.total += count;
				}
			}
			catch (NumberFormatException ex) {
				// A pair this version cannot read counts as nothing.
			}
		}
		return histogram;
	}

	LatencyHistogram copy() {
		LatencyHistogram copy = new LatencyHistogram();
		copy.add(this);
		return copy;
	}

	@Override
	public String toString() {
		return "LatencyHistogram" + Arrays.toString(new long[] { this.total });
	}

}
