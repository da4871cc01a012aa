package dev.slipway.pipelines;

import java.time.Instant;
import java.util.Map;

/**
 * What makes a schedule; null fields take their defaults.
 *
 * @param name unique within the pipeline
 * @param cron a 5-field cron expression or a macro; give this or {@code intervalSeconds}
 * @param intervalSeconds seconds between fire times (60 to 366 days)
 * @param zone a region such as {@code Europe/Paris}; UTC when null
 * @param startAt the first possible fire time, or null
 * @param endAt the last possible fire time, or null
 * @param maxConcurrent active runs at most (1 when null)
 * @param catchupLimit missed fire times that still run besides the latest (0 when null)
 * @param version a pinned version, or null for the latest at each fire time
 * @param parameters parameter values, checked as a run checks them
 * @param enabled false to make it disabled (true when null)
 */
public record NewSchedule(String name, String cron, Long intervalSeconds, String zone, Instant startAt, Instant endAt,
		Integer maxConcurrent, Integer catchupLimit, Integer version, Map<String, Object> parameters, Boolean enabled) {
}
