package dev.slipway.monitoring;

import java.util.List;

/**
 * An alert rule as the API and pages show it.
 *
 * @param id the rule's key
 * @param monitorId the monitor it belongs to
 * @param name its name, unique per monitor
 * @param metric what it watches
 * @param column the column ({@code FEATURE_DRIFT}, {@code NULL_SHARE}), else null
 * @param metricName the performance metric ({@code PERFORMANCE}), else null
 * @param condition when the value breaks the bound
 * @param threshold the fixed bound, or null for the metric's default (the DRIFT verdict
 * for drift metrics) or a learned bound
 * @param learned whether the bound is learned from baseline windows
 * @param baselineFrom the first baseline window's start (learned bounds)
 * @param baselineTo the end of the baseline, exclusive (learned bounds)
 * @param sigmas standard deviations around the baseline mean (learned bounds, 3)
 * @param grain the windows it evaluates
 * @param cooldownMillis after firing, how long before it may fire again
 * @param emails who is mailed on each state change (where SMTP is configured)
 * @param state its state
 * @param stateSince when the state began, epoch milliseconds, or null
 * @param lastValue the value in the last evaluated window, or null
 * @param lastWindow the start of the last evaluated window, or null
 * @param version the optimistic-lock version
 */
public record AlertRule(long id, long monitorId, String name, AlertMetric metric, String column, String metricName,
		AlertCondition condition, Double threshold, boolean learned, Long baselineFrom, Long baselineTo, double sigmas,
		WindowUnit grain, long cooldownMillis, List<String> emails, AlertState state, Long stateSince, Double lastValue,
		Long lastWindow, long version) {
}
