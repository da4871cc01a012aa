package dev.slipway.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Response times of a series of requests, summarised by nearest-rank percentiles. */
record Latencies(long[] sortedNanos) {

	static Latencies of(Collection<Long> nanos) {
		long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
		if (sorted.length == 0) {
			throw new IllegalArgumentException("no requests were timed");
		}
		return new Latencies(sorted);
	}

	int count() {
		return this.sortedNanos.length;
	}

	/** The {@code percent}th percentile in milliseconds. */
	double millis(double percent) {
		int rank = (int) Math.ceil(percent / 100 * this.sortedNanos.length);
		return this.sortedNanos[Math.max(0, rank - 1)] / 1e6;
	}

	double maxMillis() {
		return this.sortedNanos[this.sortedNanos.length - 1] / 1e6;
	}

	String summary() {
		return String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, max %.1f ms (n = %d)", millis(50), millis(95),
				maxMillis(), count());
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Latencies that && Arrays.equals(this.sortedNanos, that.sortedNanos);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.sortedNanos);
	}

	@Override
	public String toString() {
		return summary();
	}

}
