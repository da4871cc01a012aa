package dev.slipway.tracking.web;

import java.util.List;

import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunInfo;

/**
 * What a running run's page polls for: status, end and the latest metric values.
 *
 * @param status the run's status
 * @param statusClass the CSS class of the status badge
 * @param terminal whether the run has ended (the page stops polling)
 * @param ended end time as text
 * @param duration how long it ran or has been running
 * @param metrics latest value of each metric, by key
 */
record MetricSeriesStatus(String status, String statusClass, boolean terminal, String ended, String duration,
		List<RunPageView.MetricRow> metrics) {

	static MetricSeriesStatus of(Run run, long now) {
		RunInfo info = run.info();
		return new MetricSeriesStatus(info.status().name(), RunPageView.statusClass(info.status()),
				info.status().isTerminal(), RunPageView.time(info.endTime()), RunPageView.duration(info, now),
				RunPageView.MetricRow.of(run.metrics()));
	}

}
