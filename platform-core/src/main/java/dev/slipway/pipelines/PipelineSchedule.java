package dev.slipway.pipelines;

import java.util.Map;

/**
 * A schedule that starts runs of a pipeline at cron or interval fire times, as the
 * account that made it.
 *
 * @param id the schedule's id
 * @param pipeline the pipeline's name
 * @param name unique within the pipeline
 * @param cron a 5-field cron expression or a macro, or null for an interval schedule
 * @param intervalSeconds the time between fire times, or null for a cron schedule
 * @param zone the time zone cron expressions are read in
 * @param startAt epoch millis of the first possible fire time, or null
 * @param endAt epoch millis of the last possible fire time, or null
 * @param maxConcurrent how many runs of the schedule may be active at once
 * @param catchupLimit how many fire times missed during downtime still run, besides the
 * most recent one
 * @param version the pinned version, or null for the latest at each fire time
 * @param parameters parameter values of its runs
 * @param enabled whether it fires
 * @param description the timing in words ("every day at 09:00 (Europe/Paris)")
 * @param lastFiredAt epoch millis up to which fire times have been handled (run, skipped,
 * or passed while disabled), or null
 * @param nextFireAt epoch millis of the next fire time, or null when none is left
 * @param skippedCount fire times not run, in all
 * @param message what the last tick did, or why the server disabled it
 * @param createdBy the account its runs act as
 * @param createdAt epoch millis
 * @param updatedAt epoch millis
 */
public record PipelineSchedule(long id, String pipeline, String name, String cron, Long intervalSeconds, String zone,
		Long startAt, Long endAt, int maxConcurrent, int catchupLimit, Integer version, Map<String, Object> parameters,
		boolean enabled, String description, Long lastFiredAt, Long nextFireAt, long skippedCount, String message,
		String createdBy, long createdAt, long updatedAt) {
}
