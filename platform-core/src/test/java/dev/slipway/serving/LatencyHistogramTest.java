package dev.slipway.serving;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Latency histograms: percentiles within 5 % of the true value, sums of replicas'
 * histograms equal to one histogram of all requests, and the stored text read back as
 * written.
 */
class LatencyHistogramTest {

	@Test
	void percentilesAreWithinFivePercentAndSurviveTheTextForm() {
		LatencyHistogram histogram = new LatencyHistogram();
		for (int i = 1; i <= 1000; i++) {
			histogram.record(i * 100_000L);
		}
		assertThat(histogram.percentileMillis(0.5)).isCloseTo(50.0, within(2.5));
		assertThat(histogram.percentileMillis(0.99)).isCloseTo(99.0, within(5.0));
		LatencyHistogram read = LatencyHistogram.decode(histogram.encode());
		assertThat(read.total()).isEqualTo(1000);
		assertThat(read.percentileMillis(0.99)).isEqualTo(histogram.percentileMillis(0.99));
		assertThat(new LatencyHistogram().percentileMillis(0.5)).isNull();
	}

	@Test
	void replicasHistogramsAddUp() {
		LatencyHistogram a = new LatencyHistogram();
		LatencyHistogram b = new LatencyHistogram();
		LatencyHistogram all = new LatencyHistogram();
		for (int i = 0; i < 500; i++) {
			a.record(2_000_000L);
			all.record(2_000_000L);
			b.record(400_000_000L);
			all.record(400_000_000L);
		}
		a.add(b);
		assertThat(a.encode()).isEqualTo(all.encode());
		assertThat(a.percentileMillis(0.99)).isCloseTo(400.0, within(20.0));
		assertThat(LatencyHistogram.decode("3:x,bad,5:2").total()).as("unreadable pairs count nothing").isEqualTo(2);
	}

}
