package dev.slipway.pipelines;

/**
 * One state change of a run or of one of its steps.
 *
 * @param stepName the step, or null for the run itself
 * @param attempt the attempt, or null
 * @param from the state before, or null for the first
 * @param to the state after
 * @param reason why
 * @param actor who or what changed it (a user, {@code system}, a replica)
 * @param at epoch millis
 */
public record StateChange(String stepName, Integer attempt, String from, String to, String reason, String actor,
		long at) {
}
