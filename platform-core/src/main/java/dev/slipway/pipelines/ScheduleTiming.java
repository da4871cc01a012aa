package dev.slipway.pipelines;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.slipway.error.SlipwayException;

/**
 * When a pipeline schedule fires (Kubeflow's recurring runs, Airflow's schedules): a cron
 * expression or a fixed interval, between optional start and end instants, with a limit
 * on the fire times missed during downtime that still run. Pure time logic: the schedule
 * service stores schedules, calls {@link #due} on each tick and starts the runs.
 * <p>
 * Cron expressions are read on the wall clock of {@code zone}, so {@code 0 9 * * *} in
 * Europe/Paris fires at 09:00 Paris time in winter and summer alike; a time the clocks
 * skip in spring fires once when they jump, a time repeated in autumn fires once, at its
 * first occurrence (see {@link CronSchedule}). Intervals are exact durations on the time
 * line, whatever the zone: every 24 hours is 23 or 25 hours of wall-clock time across a
 * change of clocks.
 *
 * @param cron a 5-field Unix cron expression ({@code minute hour day-of-month month
 * day-of-week}, day-of-week 0 or 7 for Sunday, Spring's {@code L}, {@code W} and
 * {@code #} accepted) or a macro ({@code @hourly}, {@code @daily} or {@code @midnight},
 * {@code @weekly}, {@code @monthly}, {@code @yearly} or {@code @annually}); {@code null}
 * for an interval schedule
 * @param interval the time between fire times, 1 minute to 366 days in whole seconds;
 * {@code null} for a cron schedule
 * @param zone the zone cron expressions are read in; UTC when not given
 * @param startAt the earliest instant the schedule fires, or {@code null}; an interval
 * schedule fires at {@code startAt + k * interval}
 * @param endAt the last instant the schedule may fire (inclusive), or {@code null} for no
 * end; after {@code startAt}
 * @param catchupLimit how many fire times missed during downtime still run, besides the
 * most recent one, which always runs; 0 to 100
 */
public record ScheduleTiming(String cron, Duration interval, ZoneId zone, Instant startAt, Instant endAt,
		int catchupLimit) {

	/** The zone of schedules that name none. */
	public static final ZoneId UTC = ZoneId.of("UTC");

	/** The shortest interval. */
	public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

	/** The longest interval. */
	public static final Duration MAX_INTERVAL = Duration.ofDays(366);

	/** The highest catch-up limit. */
	public static final int MAX_CATCHUP = 100;

	/**
	 * Checks the values, refusing bad ones with {@code INVALID_ARGUMENT} naming the
	 * field; a blank cron counts as none.
	 */
	public ScheduleTiming {
		cron = CronSchedule.normalize(cron);
		zone = (zone != null) ? zone : UTC;
		if (cron != null && interval != null) {
			throw SlipwayException.invalidArgument("cron", "give a cron expression or an interval, not both");
		}
		if (cron == null && interval == null) {
			throw SlipwayException.invalidArgument("cron", "give a cron expression or an interval");
		}
		if (cron != null) {
			CronSchedule.parse(cron, zone);
		}
		else if (interval.getNano() != 0) {
			throw SlipwayException.invalidArgument("interval", "must be a whole number of seconds");
		}
		else if (interval.compareTo(MIN_INTERVAL) < 0) {
			throw SlipwayException.invalidArgument("interval",
					amount(interval) + " is shorter than the minimum, " + amount(MIN_INTERVAL));
		}
		else if (interval.compareTo(MAX_INTERVAL) > 0) {
			throw SlipwayException.invalidArgument("interval",
					amount(interval) + " is longer than the maximum, " + amount(MAX_INTERVAL));
		}
		if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
			throw SlipwayException.invalidArgument("endAt", "must be after startAt");
		}
		if (catchupLimit < 0 || catchupLimit > MAX_CATCHUP) {
			throw SlipwayException.invalidArgument("catchupLimit",
					"must be from 0 to " + MAX_CATCHUP + " (was " + catchupLimit + ")");
		}
	}

	/**
	 * A timing from a request: as the constructor, with the zone as written (a region
	 * such as {@code Europe/Paris}, or an offset); blank for UTC.
	 */
	public static ScheduleTiming of(String cron, Duration interval, String zone, Instant startAt, Instant endAt,
			int catchupLimit) {
		return new ScheduleTiming(cron, interval, zoneOf(zone), startAt, endAt, catchupLimit);
	}

	private static ZoneId zoneOf(String zone) {
		if (zone == null || zone.isBlank()) {
			return UTC;
		}
		try {
			return ZoneId.of(zone.strip());
		}
		catch (DateTimeException ex) {
			throw SlipwayException.invalidArgument("zone",
					"'" + zone + "' is not a time zone; use a region such as Europe/Paris, or UTC");
		}
	}

	/**
	 * The first fire time strictly after {@code after} within {@code [startAt, endAt]},
	 * or {@code null} when none remains.
	 * @param anchor the schedule's creation time: interval schedules without
	 * {@code startAt} fire at {@code anchor + k * interval} (k &ge; 0); pass the same
	 * stored instant every time. Cron schedules and those with a {@code startAt} ignore
	 * it (it may then be {@code null}).
	 */
	public Instant next(Instant after, Instant anchor) {
		Objects.requireNonNull(after, "after");
		Instant next;
		if (this.cron != null) {
			// Just before startAt, so that a fire time at startAt itself counts.
			Instant from = (this.startAt != null && this.startAt.isAfter(after)) ? this.startAt.minusNanos(1) : after;
			next = CronSchedule.parse(this.cron, this.zone).next(from);
		}
		else {
			next = nextByInterval(after, origin(anchor));
		}
		return (next != null && (this.endAt == null || !next.isAfter(this.endAt))) ? next : null;
	}

	/**
	 * What a tick of the schedule must do at {@code now}. The fire times due are those in
	 * {@code (lastFired, now]} within {@code [startAt, endAt]}; for a schedule that never
	 * fired, those at or after {@code anchor} (nothing before its creation was missed).
	 * The most recent of them always runs, and up to {@link #catchupLimit} earlier ones
	 * too, the oldest dropped first; the rest are counted as skipped. So after a
	 * three-day outage an hourly schedule with limit 2 runs the fire times of the last
	 * three hours and skips 69.
	 * <p>
	 * Bounded work: a cron schedule costs about a step per day of the span and one per
	 * fire time kept (a year of every-minute downtime takes a few thousand steps), an
	 * interval schedule is arithmetic.
	 * @param lastFired the most recent fire time run so far ({@link FirePlan#latest()} of
	 * an earlier tick), or {@code null} if it never fired
	 * @param now the time of the tick
	 * @param anchor the schedule's creation time (see {@link #next})
	 * @return the fire times to run, the number skipped, and the next fire time after
	 * {@code now} (or after {@code lastFired}, should that be later)
	 */
	public FirePlan due(Instant lastFired, Instant now, Instant anchor) {
		Objects.requireNonNull(now, "now");
		Objects.requireNonNull(anchor, "anchor");
		// The span (from, to] whose fire times are due.
		Instant from = (lastFired != null) ? lastFired : anchor.minusNanos(1);
		if (this.startAt != null && this.startAt.minusNanos(1).isAfter(from)) {
			from = this.startAt.minusNanos(1);
		}
		Instant to = (this.endAt != null && this.endAt.isBefore(now)) ? this.endAt : now;
		int keep = this.catchupLimit + 1;
		Fires fires;
		if (!to.isAfter(from)) {
			fires = new Fires(List.of(), 0);
		}
		else if (this.cron != null) {
			fires = CronSchedule.parse(this.cron, this.zone).fires(from, to, keep);
		}
		else {
			fires = intervalFires(from, to, origin(anchor), keep);
		}
		Instant next = next((lastFired != null && lastFired.isAfter(now)) ? lastFired : now, anchor);
		return new FirePlan(fires.latest(), fires.total() - fires.latest().size(), next);
	}

	/**
	 * A sentence for the UI: "every day at 09:00 (Europe/Paris)", "every 15 minutes", or
	 * for cron shapes without one "cron 0 9 13 * 5 (Europe/Paris)". The start and end are
	 * not part of it.
	 */
	public String describe() {
		if (this.cron != null) {
			return CronSchedule.parse(this.cron, this.zone).describe();
		}
		String amount = amount(this.interval);
		return "every " + (amount.startsWith("1 ") ? amount.substring(2) : amount);
	}

	private Instant origin(Instant anchor) {
		if (this.startAt != null) {
			return this.startAt;
		}
		if (anchor == null) {
			throw new IllegalArgumentException("an interval schedule without startAt needs its anchor");
		}
		return anchor;
	}

	/** The first of {@code origin + k * interval} (k &ge; 0) after {@code after}. */
	private Instant nextByInterval(Instant after, Instant origin) {
		if (after.isBefore(origin)) {
			return origin;
		}
		return origin.plus(this.interval.multipliedBy(Duration.between(origin, after).dividedBy(this.interval) + 1));
	}

	private Fires intervalFires(Instant from, Instant to, Instant origin, int keep) {
		if (to.isBefore(origin)) {
			return new Fires(List.of(), 0);
		}
		// Fire time k is origin + k * interval; the due ones are first..last.
		long first = from.isBefore(origin) ? 0 : Duration.between(origin, from).dividedBy(this.interval) + 1;
		long last = Duration.between(origin, to).dividedBy(this.interval);
		List<Instant> latest = new ArrayList<>();
		for (long k = Math.max(first, last - keep + 1); k <= last; k++) {
			latest.add(origin.plus(this.interval.multipliedBy(k)));
		}
		return new Fires(latest, Math.max(0, last - first + 1));
	}

	/** "1 minute", "15 minutes", "2 days": in the largest unit that divides it. */
	static String amount(Duration duration) {
		long seconds = duration.getSeconds();
		if (seconds != 0 && seconds % 86_400 == 0) {
			return units(seconds / 86_400, "day");
		}
		if (seconds != 0 && seconds % 3_600 == 0) {
			return units(seconds / 3_600, "hour");
		}
		if (seconds != 0 && seconds % 60 == 0) {
			return units(seconds / 60, "minute");
		}
		return units(seconds, "second");
	}

	private static String units(long count, String unit) {
		return count + " " + unit + ((count == 1) ? "" : "s");
	}

	/** Fire times in a span: the latest ones kept, oldest first, and how many in all. */
	record Fires(List<Instant> latest, long total) {
	}

}
