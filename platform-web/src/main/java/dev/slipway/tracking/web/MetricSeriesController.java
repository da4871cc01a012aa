package dev.slipway.tracking.web;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunComparisonService;
import dev.slipway.tracking.RunMetric;
import dev.slipway.tracking.RunService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The small JSON answers behind the run and compare pages' charts and live updates, under
 * the pages' own addresses and with the pages' session.
 */
@RestController
class MetricSeriesController {

	private final RunService runs;

	private final Clock clock = Clock.systemUTC();

	MetricSeriesController(RunService runs) {
		this.runs = runs;
	}

	@GetMapping("/experiments/{experimentId}/runs/{runId}/metrics")
	MetricSeries run(@PathVariable String experimentId, @PathVariable String runId, @RequestParam String key,
			@RequestParam(required = false) Long from, @RequestParam(required = false) Long to,
			@RequestParam(required = false) Integer points) {
		Run run = RunPageController.runOf(this.runs, experimentId, runId);
		List<RunMetric> sampled = this.runs.chartHistory(List.of(runId), key, from, to, points(points));
		return MetricSeries.of(key, sampled, Map.of(runId, name(run)));
	}

	@GetMapping("/experiments/{experimentId}/compare/metrics")
	MetricSeries compare(@PathVariable String experimentId, @RequestParam List<String> runIds, @RequestParam String key,
			@RequestParam(required = false) Long from, @RequestParam(required = false) Long to,
			@RequestParam(required = false) Integer points) {
		List<String> ids = RunComparisonService.requireRunIds(runIds);
		Map<String, String> names = new LinkedHashMap<>();
		for (String id : ids) {
			names.put(id, name(this.runs.get(id)));
		}
		List<RunMetric> sampled = this.runs.chartHistory(ids, key, from, to, points(points));
		return MetricSeries.of(key, sampled, names);
	}

	@GetMapping("/experiments/{experimentId}/runs/{runId}/status")
	MetricSeriesStatus status(@PathVariable String experimentId, @PathVariable String runId) {
		return MetricSeriesStatus.of(RunPageController.runOf(this.runs, experimentId, runId), this.clock.millis());
	}

	/** The points per run a chart gets: as asked, within 2 and the sampler's maximum. */
	private static long points(Integer asked) {
		int points = (asked != null) ? asked : MetricSeries.DEFAULT_POINTS;
		return Math.max(2, Math.min(points, RunService.MAX_SAMPLED_POINTS));
	}

	private static String name(Run run) {
		String name = run.info().runName();
		return (name != null && !name.isEmpty()) ? name : run.info().runId();
	}

}
