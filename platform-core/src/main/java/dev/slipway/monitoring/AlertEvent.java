package dev.slipway.monitoring;

/**
 * One state change of an alert rule, as the UI lists them.
 *
 * @param ruleId the rule
 * @param ruleName its name
 * @param state the new state
 * @param value the value that caused it
 * @param lower the lower bound, or null
 * @param upper the upper bound, or null
 * @param windowStart the evaluated window
 * @param occurredAt when, epoch milliseconds
 * @param reason why, in words
 */
public record AlertEvent(long ruleId, String ruleName, AlertState state, Double value, Double lower, Double upper,
		long windowStart, long occurredAt, String reason) {
}
