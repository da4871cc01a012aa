package dev.slipway.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.SplittableRandom;

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

	/**
	 * A bootstrap interval of {@code p50(this) - p50(other)} in milliseconds: both series
	 * resampled with replacement {@code rounds} times, the central {@code confidence}
	 * share of the differences kept. An interval above zero says this series is slower
	 * beyond what the noise of the samples explains.
	 */
	double[] medianDifferenceInterval(Latencies other, double confidence, int rounds, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double[] differences = new double[rounds];
		for (int r = 0; r < rounds; r++) {
			differences[r] = resampledMedian(random) - other.resampledMedian(random);
		}
		Arrays.sort(differences);
		double tail = (1 - confidence) / 2;
		int low = (int) Math.floor(tail * (rounds - 1));
		int high = (int) Math.ceil((1 - tail) * (rounds - 1));
		return new double[] { differences[low] / 1e6, differences[high] / 1e6 };
	}

	private double resampledMedian(SplittableRandom random) {
		int n = this.sortedNanos.length;
		long[] sample = new long[n];
		for (int i = 0; i < n; i++) {
			sample[i] = this.sortedNanos[random.nextInt(n)];
		}
		Arrays.sort(sample);
		int rank = (int) Math.ceil(0.5 * n);
		return sample[Math.max(0, rank - 1)];
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
