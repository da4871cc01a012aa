package dev.slipway.monitoring;

import java.util.List;

/**
 * What a new alert rule is made of (see {@link AlertRule} for each part). Null parts take
 * their default: the condition ABOVE (BELOW for performance metrics named like accuracy,
 * and for label coverage), DAY windows, 3 sigmas, one hour of cooldown.
 */
public record NewAlertRule(String name, AlertMetric metric, String column, String metricName, AlertCondition condition,
		Double threshold, Boolean learned, Long baselineFrom, Long baselineTo, Double sigmas, WindowUnit grain,
		Long cooldownMillis, List<String> emails) {
}
