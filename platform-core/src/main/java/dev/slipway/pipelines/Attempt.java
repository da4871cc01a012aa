package dev.slipway.pipelines;

/**
 * One attempt of a step.
 *
 * @param number 1 for the first
 * @param state SCHEDULED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, STOPPED, LOST or ERROR
 * @param executor where it ran
 * @param notBefore epoch millis before which it does not start (its backoff)
 * @param owner the replica that ran it, or null
 * @param externalId the process id or Job name, or null
 * @param exitCode the exit code, or null
 * @param startedAt epoch millis, or null
 * @param endedAt epoch millis, or null
 * @param message why it ended as it did, or null
 */
public record Attempt(int number, String state, String executor, long notBefore, String owner, String externalId,
		Integer exitCode, Long startedAt, Long endedAt, String message) {
}
