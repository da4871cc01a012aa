package dev.slipway.pipelines;

import java.time.Instant;
import java.util.Map;

/**
 * A change of a schedule: null fields stay as they are. A cron expression makes it a cron
 * schedule, an interval an interval schedule. Changed timing applies from now on: fire
 * times before the change are not caught up.
 *
 * @param enabled true to enable, false to disable
 * @param cron a new cron expression
 * @param intervalSeconds a new interval
 * @param zone a new time zone
 * @param startAt a new start
 * @param endAt a new end
 * @param maxConcurrent a new limit of active runs
 * @param catchupLimit a new catch-up limit
 * @param version a new pinned version
 * @param parameters new parameter values (replacing the old ones)
 */
public record ScheduleChange(Boolean enabled, String cron, Long intervalSeconds, String zone, Instant startAt,
		Instant endAt, Integer maxConcurrent, Integer catchupLimit, Integer version, Map<String, Object> parameters) {
}
