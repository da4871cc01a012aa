package dev.slipway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The statistics the benchmarks judge their figures by. */
class LatenciesTest {

	@Test
	void percentilesAreNearestRank() {
		Latencies latencies = Latencies.of(List.of(4_000_000L, 1_000_000L, 3_000_000L, 2_000_000L));
		assertThat(latencies.millis(50)).isEqualTo(2.0);
		assertThat(latencies.millis(95)).isEqualTo(4.0);
		assertThat(latencies.maxMillis()).isEqualTo(4.0);
	}

	@Test
	void theMedianDifferenceIntervalHoldsZeroForTheSameDistribution() {
		Latencies a = noisy(10.0, 1);
		Latencies b = noisy(10.0, 2);
		double[] interval = a.medianDifferenceInterval(b, 0.90, 2000, 7);
		assertThat(interval[0]).isNegative();
		assertThat(interval[1]).isPositive();
	}

	@Test
	void theMedianDifferenceIntervalLiesAboveZeroForASlowerSeries() {
		Latencies slower = noisy(13.0, 3);
		Latencies faster = noisy(10.0, 4);
		double[] interval = slower.medianDifferenceInterval(faster, 0.90, 2000, 7);
		assertThat(interval[0]).isPositive();
		assertThat(interval[1]).isLessThan(6.0);
		assertThat(faster.medianDifferenceInterval(slower, 0.90, 2000, 7)[1]).isNegative();
	}

	/** 50 requests around {@code millis}, spread ±2 ms with a few slow outliers. */
	private static Latencies noisy(double millis, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<Long> nanos = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			double value = millis + random.nextDouble(-2, 2) + ((i % 10 == 0) ? 20 : 0);
			nanos.add((long) (value * 1e6));
		}
		return Latencies.of(nanos);
	}

}
