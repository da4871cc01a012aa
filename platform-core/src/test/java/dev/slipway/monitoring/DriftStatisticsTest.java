package dev.slipway.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Slipway's drift statistics against the values SciPy and NumPy compute for the same data
 * ({@code src/test/resources/monitoring/drift-vectors.json}, written by
 * {@code make_vectors.py} next to it). Exact inputs must agree to rounding; sketch-based
 * answers must land within the error bound they report.
 */
class DriftStatisticsTest {

	private static final JsonNode VECTORS = load();

	/** Relative tolerance for statistics computed exactly on both sides. */
	private static final double EXACT = 1e-9;

	static Stream<Arguments> binned() {
		return cases("binned");
	}

	static Stream<Arguments> samples() {
		return cases("samples");
	}

	static Stream<Arguments> grid() {
		return cases("grid");
	}

	static Stream<Arguments> classification() {
		return cases("classification");
	}

	static Stream<Arguments> regression() {
		return cases("regression");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("binned")
	void binnedStatisticsMatchScipy(String name, JsonNode c) {
		long[] reference = longs(c.get("reference"));
		long[] current = longs(c.get("current"));
		assertClose(DriftStatistics.psi(reference, current), c.get("psi").asDouble(), EXACT);
		assertClose(DriftStatistics.jensenShannon(reference, current), c.get("jensenshannon").asDouble(), EXACT);
		assertClose(DriftStatistics.chiSquarePValue(reference, current), c.get("chisquare_p").asDouble(), 1e-6);
		assertClose(DriftStatistics.zTestPValue(reference, current), c.get("z_p").asDouble(), 1e-6);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("samples")
	void sampleStatisticsMatchScipyExactly(String name, JsonNode c) {
		double[] reference = doubles(c.get("reference"));
		double[] current = doubles(c.get("current"));
		KllDoublesSketch r = sketch(reference);
		KllDoublesSketch cur = sketch(current);
		assertThat(r.isEstimationMode()).isFalse();
		assertClose(DriftStatistics.ksDistance(r, cur), c.get("ks_d").asDouble(), EXACT);
		assertClose(DriftStatistics.ksPValue(r, cur), c.get("ks_p").asDouble(), 1e-6);
		ColumnProfile profile = profile(reference);
		double norm = Math.max(Math.sqrt(profile.variance()), 0.001);
		assertClose(DriftStatistics.wasserstein(r, cur) / norm, c.get("wasserstein_normed").asDouble(), EXACT);
		ColumnProfile window = profile(current);
		assertClose(window.mean(), c.get("mean").asDouble(), EXACT);
		assertClose(window.variance(), c.get("variance").asDouble(), EXACT);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("grid")
	void sketchStatisticsStayWithinTheirBound(String name, JsonNode c) {
		int nRef = c.get("n_reference").asInt();
		int nCur = c.get("n_current").asInt();
		double shift = c.get("shift").asDouble();
		double scale = c.get("scale").asDouble();
		NormalDistribution normal = NormalDistribution.of(0, 1);
		ColumnProfile reference = ColumnProfile.empty(ColumnKind.NUMERICAL, 400, null, 0);
		for (int i = 0; i < nRef; i++) {
			reference.add(normal.inverseCumulativeProbability((i + 0.5) / nRef), -1);
		}
		ColumnProfile current = ColumnProfile.empty(ColumnKind.NUMERICAL, 400, null, 0);
		for (int i = 0; i < nCur; i++) {
			current.add(normal.inverseCumulativeProbability((i + 0.5) / nCur) * scale + shift, -1);
		}
		assertThat(reference.kll().isEstimationMode()).isTrue();
		double bound = DriftStatistics.rankError(reference.kll()) + DriftStatistics.rankError(current.kll());
		assertThat(bound).isBetween(0.005, 0.03);
		double d = DriftStatistics.ksDistance(reference.kll(), current.kll());
		assertThat(d).isCloseTo(c.get("ks_d").asDouble(), within(bound));
		boolean drift = DriftStatistics.ksPValue(reference.kll(), current.kll()) < 0.05;
		assertThat(drift).isEqualTo(c.get("ks_p").asDouble() < 0.05);
		double norm = Math.sqrt(reference.variance());
		double range = Math.max(reference.max(), current.max()) - Math.min(reference.min(), current.min());
		double w = DriftStatistics.wasserstein(reference.kll(), current.kll()) / norm;
		assertThat(w).isCloseTo(c.get("wasserstein_normed").asDouble(), within(bound * range / norm));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("classification")
	void classificationMetricsMatchScikitLearn(String name, JsonNode c) {
		List<String> actual = strings(c.get("actual"));
		List<String> predicted = strings(c.get("predicted"));
		double[] probability = c.has("probability") ? doubles(c.get("probability")) : null;
		// Two halves merged, as two windows of one day are.
		PerformanceState first = new PerformanceState();
		PerformanceState second = new PerformanceState();
		for (int i = 0; i < actual.size(); i++) {
			((i % 2 == 0) ? first : second).addClass(actual.get(i), predicted.get(i),
					(probability != null) ? probability[i] : Double.NaN, "1");
		}
		first.merge(PerformanceState.fromJson(second.toJson()));
		PerformanceMetrics metrics = first.metrics(MonitorSchema.Task.CLASSIFICATION, "1", actual.size());
		assertThat(metrics.labeled()).isEqualTo(actual.size());
		assertThat(metrics.coverage()).isEqualTo(1.0);
		for (String metric : List.of("accuracy", "precision", "recall", "f1", "roc_auc", "log_loss")) {
			if (c.has(metric)) {
				assertClose(metrics.metric(metric), c.get(metric).asDouble(), EXACT);
			}
		}
		assertThat(metrics.confusion().stream().flatMap(List::stream).mapToLong(Long::longValue).sum())
			.isEqualTo(actual.size());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("regression")
	void regressionMetricsMatchScikitLearn(String name, JsonNode c) {
		double[] actual = doubles(c.get("actual"));
		double[] predicted = doubles(c.get("predicted"));
		PerformanceState state = new PerformanceState();
		for (int i = 0; i < actual.length; i++) {
			state.addValue(actual[i], predicted[i]);
		}
		PerformanceMetrics metrics = PerformanceState.fromJson(state.toJson())
			.metrics(MonitorSchema.Task.REGRESSION, "1", actual.length * 2L);
		assertThat(metrics.coverage()).isEqualTo(0.5);
		for (String metric : List.of("mae", "rmse", "mape", "bias")) {
			assertClose(metrics.metric(metric), c.get(metric).asDouble(), EXACT);
		}
	}

	@Test
	void kolmogorovTailMatchesKnownValues() {
		// Q(1.36) is the familiar 5% point of the Kolmogorov distribution.
		assertThat(DriftStatistics.kolmogorovTail(1.3581)).isCloseTo(0.05, within(1e-4));
		assertThat(DriftStatistics.kolmogorovTail(0.1)).isEqualTo(1.0);
		assertThat(DriftStatistics.kolmogorovTail(3.0)).isCloseTo(3.046e-8, within(1e-10));
	}

	@Test
	void identicalSingleValuesDoNotDrift() {
		assertThat(DriftStatistics.zTestPValue(new long[] { 10, 0 }, new long[] { 7, 0 })).isEqualTo(1.0);
		assertThat(DriftStatistics.chiSquarePValue(new long[] { 10, 0 }, new long[] { 7, 0 })).isEqualTo(1.0);
		assertThat(DriftStatistics.psi(new long[] { 5, 5 }, new long[] { 5, 5 })).isZero();
	}

	private static KllDoublesSketch sketch(double[] values) {
		KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(400);
		for (double value : values) {
			sketch.update(value);
		}
		return sketch;
	}

	private static ColumnProfile profile(double[] values) {
		ColumnProfile profile = ColumnProfile.empty(ColumnKind.NUMERICAL, 400, null, 0);
		for (double value : values) {
			profile.add(value, -1);
		}
		return profile;
	}

	private static void assertClose(double actual, double expected, double relative) {
		assertThat(actual).isCloseTo(expected, within(Math.max(relative * Math.abs(expected), 1e-15)));
	}

	private static Stream<Arguments> cases(String group) {
		List<Arguments> cases = new ArrayList<>();
		VECTORS.get(group).forEach((c) -> cases.add(Arguments.of(c.get("name").asString(), c)));
		return cases.stream();
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((v) -> values.add(v.asString()));
		return values;
	}

	private static long[] longs(JsonNode array) {
		long[] values = new long[array.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = array.get(i).asLong();
		}
		return values;
	}

	private static double[] doubles(JsonNode array) {
		double[] values = new double[array.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = array.get(i).asDouble();
		}
		return values;
	}

	private static JsonNode load() {
		try (InputStream in = DriftStatisticsTest.class.getResourceAsStream("/monitoring/drift-vectors.json")) {
			return JsonMapper.builder().build().readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
