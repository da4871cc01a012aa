package dev.slipway.tracking.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.tracking.Metric;
import dev.slipway.tracking.RunMetric;

/**
 * The JSON a chart draws: one metric of one or more runs, downsampled to a bounded number
 * of points per run (the lowest and highest value of each step range).
 *
 * @param key the metric key
 * @param series one line per run that has the metric
 */
record MetricSeries(String key, List<Line> series) {

	/** Points a chart asks for unless it says otherwise. */
	static final int DEFAULT_POINTS = 1000;

	static MetricSeries of(String key, List<RunMetric> points, Map<String, String> runNames) {
		Map<String, List<Metric>> byRun = new LinkedHashMap<>();
		runNames.keySet().forEach((runId) -> byRun.put(runId, new ArrayList<>()));
		for (RunMetric point : points) {
			byRun.computeIfAbsent(point.runId(), (id) -> new ArrayList<>()).add(point.metric());
		}
		List<Line> lines = new ArrayList<>();
		byRun.forEach((runId, metrics) -> {
			if (!metrics.isEmpty()) {
				lines.add(Line.of(runId, runNames.getOrDefault(runId, runId), metrics));
			}
		});
		return new MetricSeries(key, lines);
	}

	/**
	 * One run's points, ordered by step then time.
	 *
	 * @param runId the run's id
	 * @param runName the run's name
	 * @param steps the step of each point
	 * @param timestamps the time of each point, epoch milliseconds
	 * @param values the value of each point, null for NaN and infinities (JSON has none)
	 */
	record Line(String runId, String runName, List<Long> steps, List<Long> timestamps, List<Double> values) {

		static Line of(String runId, String runName, List<Metric> metrics) {
			List<Metric> sorted = metrics.stream()
				.sorted(Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp))
				.toList();
			List<Long> steps = new ArrayList<>(sorted.size());
			List<Long> timestamps = new ArrayList<>(sorted.size());
			List<Double> values = new ArrayList<>(sorted.size());
			for (Metric metric : sorted) {
				steps.add(metric.step());
				timestamps.add(metric.timestamp());
				values.add(Double.isFinite(metric.value()) ? metric.value() : null);
			}
			return new Line(runId, runName, steps, timestamps, values);
		}

	}

}
