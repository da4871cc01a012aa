package dev.slipway.tracking;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repeats within a batch are dropped as PostgreSQL's unique key would drop them, so that
 * only a point stored earlier sends a batch down the deduplicating path.
 */
class MetricRepositoryTest {

	@Test
	void distinctKeepsTheFirstOfPointsThePostgresqlKeyCallsEqual() {
		Metric zero = new Metric("m", 0.0, 1, 1);
		Metric negativeZero = new Metric("m", -0.0, 1, 1);
		Metric nan = new Metric("m", Double.NaN, 1, 1);
		Metric otherNan = new Metric("m", Double.longBitsToDouble(0x7ff0000000000001L), 1, 1);
		List<Metric> sorted = List.of(new Metric("a", 1, 1, 1), negativeZero, zero, new Metric("m", 0.5, 1, 1), nan,
				otherNan, new Metric("m", 0.5, 2, 1), new Metric("m", 0.5, 2, 2));
		assertThat(MetricRepository.distinct(sorted)).containsExactly(new Metric("a", 1, 1, 1), negativeZero,
				new Metric("m", 0.5, 1, 1), nan, new Metric("m", 0.5, 2, 1), new Metric("m", 0.5, 2, 2));
	}

}
