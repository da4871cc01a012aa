package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.List;

import dev.slipway.tracking.MetricRollupRepository.Bucket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricSamplerTest {

	@Test
	void picksTheFinestResolutionThatStaysBounded() {
		assertThat(MetricSampler.widthFor(0, 1_000_000)).isEqualTo(64);
		assertThat(MetricSampler.widthFor(0, 10_000_000)).isEqualTo(4096);
		assertThat(MetricSampler.widthFor(-5_000_000_000L, 5_000_000_000L)).isEqualTo(262_144);
	}

	@Test
	void evenStepsPickWhatMlflowPicksPlusTheLastStep() {
		// MLflow's own check: ten steps of a flat series, five asked for.
		MetricSampler.EvenSteps even = new MetricSampler.EvenSteps(5);
		for (int step = 0; step < 10; step++) {
			even.add(new Metric("m", 10.0, 1, step));
		}
		assertThat(even.finish()).extracting(Metric::step).containsExactly(0L, 2L, 4L, 6L, 8L, 9L);
	}

	@Test
	void evenStepsNeverGiveFewerPointsThanAskedAndKeepSpikes() {
		MetricSampler.EvenSteps even = new MetricSampler.EvenSteps(100);
		for (int step = 0; step < 1000; step++) {
			// Two points at each step; a spike at step 501, which is no slice's first
			// step.
			even.add(new Metric("m", (step == 501) ? 99.0 : 1.0, 1, step));
			even.add(new Metric("m", (step == 501) ? 99.0 : 1.0, 2, step));
		}
		List<Metric> sampled = even.finish();
		assertThat(sampled.size()).isGreaterThanOrEqualTo(100);
		assertThat(sampled).extracting(Metric::step).contains(0L, 990L, 999L, 501L).doesNotHaveDuplicates();
		assertThat(sampled).isSortedAccordingTo(java.util.Comparator.comparingLong(Metric::step));
	}

	@Test
	void evenStepsWithOnePointAskedGiveTheFirstAndTheLast() {
		MetricSampler.EvenSteps even = new MetricSampler.EvenSteps(1);
		for (int step = 0; step < 7; step++) {
			even.add(new Metric("m", 0.5, 1, step));
		}
		assertThat(even.finish()).extracting(Metric::step).containsExactly(0L, 6L);
	}

	@Test
	void keepsEachRangesLowestAndHighestPointSoSpikesSurvive() {
		// 10,000 steps of a flat series with one spike up and one down, in buckets of 64.
		List<Bucket> buckets = rollup(10_000, (step) -> (step == 7_777) ? 100.0 : (step == 2_222) ? -100.0 : 1.0);
		List<Metric> sampled = MetricSampler.downsample(buckets, 50, 0, 9_999);
		assertThat(sampled).hasSizeLessThanOrEqualTo(100);
		assertThat(sampled).extracting(Metric::value).contains(100.0, -100.0);
		assertThat(sampled).extracting(Metric::step).isSorted();
	}

	@Test
	void leavesOutExtremesOfPartialEdgeBucketsThatLieOutsideTheRange() {
		List<Bucket> buckets = rollup(256, (step) -> (double) step);
		List<Metric> sampled = MetricSampler.downsample(buckets, 4, 10, 200);
		assertThat(sampled).extracting(Metric::step).allSatisfy((step) -> assertThat(step).isBetween(10L, 200L));
		assertThat(sampled).extracting(Metric::value).containsExactly(63.0, 64.0, 127.0, 128.0, 191.0, 192.0);
	}

	private static List<Bucket> rollup(int steps, java.util.function.LongFunction<Double> value) {
		List<Bucket> buckets = new ArrayList<>();
		Bucket current = null;
		for (long step = 0; step < steps; step++) {
			Metric point = new Metric("m", value.apply(step), 1000 + step, step);
			long index = Math.floorDiv(step, 64);
			if (current == null || current.bucket() != index) {
				if (current != null) {
					buckets.add(current);
				}
				current = new Bucket("m", 64, index, point, point);
			}
			else {
				current = current.merge(point);
			}
		}
		buckets.add(current);
		return buckets;
	}

}
