package dev.slipway.pipelines;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.slipway.error.SlipwayException;

import org.springframework.scheduling.support.CronExpression;

/**
 * A five-field Unix cron expression read on the wall clock of a zone; Spring's
 * {@link CronExpression} does the field arithmetic.
 * <p>
 * Spring's expressions are evaluated here on {@link LocalDateTime} (the wall clock), and
 * each wall-clock fire time is then put on the time line the way cron does it:
 * <ul>
 * <li>a wall-clock time the clocks skip (02:30 in Paris on the last Sunday of March)
 * fires once, at the moment the clocks jump (03:00 CEST); several skipped times make one
 * fire;
 * <li>a wall-clock time that occurs twice (02:30 on the last Sunday of October) fires
 * once, at its first occurrence (02:30 CEST). So an hourly schedule has no 02:00 CET run
 * that night: two hours pass between its 02:00 CEST and 03:00 CET runs.
 * </ul>
 * Spring's own evaluation on {@code ZonedDateTime} would skip a daily 02:30 job on the
 * spring day and run it twice on the autumn day.
 * <p>
 * Unix cron's day rule holds too: when day-of-month and day-of-week are both restricted
 * (neither is exactly {@code *} or {@code ?}), a day matches when EITHER matches, so
 * {@code 0 0 13 * 5} fires on every 13th and on every Friday; Spring alone requires both.
 * <p>
 * Made afresh for each computation: it caches a count and is not thread-safe.
 */
final class CronSchedule {

	/** The names of the five fields, in order. */
	static final List<String> FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");

	static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly",
			"0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly",
			"0 * * * *");

	private static final List<String> DAY_NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

	private static final List<String> MONTH_NAMES = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
			"SEP", "OCT", "NOV", "DEC");

	private final String written;

	private final String[] fields;

	private final CronExpression expression;

	/** The day-of-week half when both day fields are restricted (either may match). */
	private final CronExpression eitherDay;

	private final ZoneId zone;

	private final ZoneRules rules;

	/** Fire times on a matching day, or -1 until counted. */
	private long perDay = -1;

	/** Calls to Spring's {@code next}, to show that long spans cost little. */
	private long steps;

	private CronSchedule(String written, String[] fields, CronExpression expression, CronExpression eitherDay,
			ZoneId zone) {
		this.written = written;
		this.fields = fields;
		this.expression = expression;
		this.eitherDay = eitherDay;
		this.zone = zone;
		this.rules = zone.getRules();
	}

	/**
	 * The written form stored: trimmed, single spaces, macros in lower case; {@code null}
	 * when blank.
	 */
	static String normalize(String cron) {
		if (cron == null || cron.isBlank()) {
			return null;
		}
		String spaced = cron.strip().replaceAll("\\s+", " ");
		return spaced.startsWith("@") ? spaced.toLowerCase(Locale.ROOT) : spaced;
	}

	/**
	 * Reads a normalized expression, refusing anything but 5 fields or a macro with an
	 * {@code INVALID_ARGUMENT} naming the field at fault.
	 */
	static CronSchedule parse(String cron, ZoneId zone) {
		String expanded = cron.startsWith("@") ? MACROS.get(cron) : cron;
		if (expanded == null) {
			throw invalid(cron,
					"unknown macro; use @hourly, @daily (or @midnight), @weekly, @monthly or @yearly (or @annually)");
		}
		String[] fields = expanded.split(" ");
		if (fields.length != 5) {
			throw SlipwayException.invalidArgument("cron",
					"'" + cron + "' has " + fields.length
							+ " fields; write the 5 of Unix cron (minute hour day-of-month month day-of-week)"
							+ ((fields.length > 5) ? ", without seconds or year" : ""));
		}
		for (int i = 0; i < 5; i++) {
			// Each field alone first, so the refusal can name the field.
			String[] probe = { "*", "*", "*", "*", "*" };
			probe[i] = fields[i];
			try {
				spring(probe);
			}
			catch (IllegalArgumentException ex) {
				throw invalid(cron, FIELDS.get(i) + " '" + fields[i] + "': " + detail(ex, fields[i]));
			}
		}
		CronExpression expression;
		CronExpression eitherDay = null;
		try {
			if (!isAny(fields[2]) && !isAny(fields[4])) {
				expression = spring(new String[] { fields[0], fields[1], fields[2], fields[3], "*" });
				eitherDay = spring(new String[] { fields[0], fields[1], "*", fields[3], fields[4] });
			}
			else {
				expression = spring(fields);
			}
		}
		catch (IllegalArgumentException ex) {
			throw invalid(cron, detail(ex, expanded));
		}
		CronSchedule schedule = new CronSchedule(cron, fields, expression, eitherDay, zone);
		if (schedule.nextLocal(LocalDateTime.of(2000, 1, 1, 0, 0)) == null) {
			throw invalid(cron, "it matches no date");
		}
		return schedule;
	}

	private static CronExpression spring(String[] fields) {
		// Spring's expressions start with seconds; Unix cron fires at second 0.
		return CronExpression.parse("0 " + String.join(" ", fields));
	}

	private static boolean isAny(String field) {
		return "*".equals(field) || "?".equals(field);
	}

	private static SlipwayException invalid(String cron, String detail) {
		return SlipwayException.invalidArgument("cron", "'" + cron + "' is not a cron expression: " + detail);
	}

	/** Spring's words about a field, without the field it repeats at the end. */
	private static String detail(IllegalArgumentException ex, String field) {
		String message = (ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage();
		if (message == null || message.startsWith("For input string")) {
			return "not a number, name, range, list or step";
		}
		String repeated = " '" + field + "'";
		return message.endsWith(repeated) ? message.substring(0, message.length() - repeated.length()) : message;
	}

	/** The first fire time strictly after {@code after}, or {@code null} if none. */
	Instant next(Instant after) {
		LocalDateTime local = nextLocal(wallClockBound(after));
		return (local != null) ? toInstant(local) : null;
	}

	/**
	 * The fire times in {@code (from, to]}: the latest {@code keep} of them, and how many
	 * there are in all. The work grows with the days in the span (one step per matching
	 * day) and with the fire times kept, not with the fire times in the span.
	 */
	ScheduleTiming.Fires fires(Instant from, Instant to, int keep) {
		LocalDateTime low = wallClockBound(from);
		LocalDateTime high = wallClockBound(to);
		long wallClockTimes = count(low, high);
		// Wall-clock times the clocks skip share one instant (the jump) with each other
		// and
		// with a time at the jump's end: only one of them fires.
		long merged = 0;
		for (ZoneOffsetTransition transition = this.rules.nextTransition(from); transition != null
				&& !transition.getInstant().isAfter(to); transition = this.rules
					.nextTransition(transition.getInstant())) {
			if (transition.isGap()) {
				long skipped = count(transition.getDateTimeBefore().minusNanos(1), transition.getDateTimeAfter());
				merged += Math.max(0, skipped - 1);
			}
		}
		// Jump over all but the last wall-clock times (enough to hold keep distinct
		// instants even if all the merged ones are among them), then collect one by one.
		LocalDateTime cursor = skip(low, Math.max(0, wallClockTimes - keep - merged));
		Deque<Instant> latest = new ArrayDeque<>();
		for (LocalDateTime local = nextLocal(cursor); local != null && !local.isAfter(high); local = nextLocal(local)) {
			Instant instant = toInstant(local);
			if (!instant.equals(latest.peekLast())) {
				latest.addLast(instant);
				if (latest.size() > keep) {
					latest.removeFirst();
				}
			}
		}
		return new ScheduleTiming.Fires(List.copyOf(latest), wallClockTimes - merged);
	}

	/** How many times Spring's {@code next} has been called. */
	long steps() {
		return this.steps;
	}

	private LocalDateTime nextLocal(LocalDateTime after) {
		this.steps++;
		LocalDateTime next = this.expression.next(after);
		if (this.eitherDay != null) {
			LocalDateTime other = this.eitherDay.next(after);
			if (next == null || (other != null && other.isBefore(next))) {
				next = other;
			}
		}
		return next;
	}

	/** The instant a wall-clock fire time stands for (see the class comment). */
	private Instant toInstant(LocalDateTime local) {
		ZoneOffsetTransition transition = this.rules.getTransition(local);
		if (transition != null && transition.isGap()) {
			return transition.getInstant();
		}
		// In a repeated hour, ZonedDateTime.of takes the earlier offset: the first pass.
		return ZonedDateTime.of(local, this.zone).toInstant();
	}

	/**
	 * The wall-clock time up to which every fire time is at or before {@code instant},
	 * and after which every fire time is after it. Mapping wall-clock times to instants
	 * never goes backwards, which makes this exact.
	 */
	private LocalDateTime wallClockBound(Instant instant) {
		LocalDateTime local = LocalDateTime.ofInstant(instant, this.zone);
		ZoneOffsetTransition transition = this.rules.getTransition(local);
		if (transition != null && transition.isOverlap()
				&& this.rules.getOffset(instant).equals(transition.getOffsetAfter())) {
			// The second pass of a repeated hour: its wall-clock times fired in the
			// first.
			return transition.getDateTimeBefore().minusNanos(1);
		}
		return local;
	}

	/**
	 * How many wall-clock fire times are in {@code (after, until]}; a whole matching day
	 * in the span is counted in one step.
	 */
	private long count(LocalDateTime after, LocalDateTime until) {
		long count = 0;
		LocalDateTime cursor = after;
		for (LocalDateTime next = nextLocal(cursor); next != null && !next.isAfter(until); next = nextLocal(cursor)) {
			LocalDateTime dayStart = next.toLocalDate().atStartOfDay();
			LocalDateTime dayEnd = dayStart.plusDays(1);
			if (cursor.isBefore(dayStart) && !dayEnd.isAfter(until)) {
				count += perDay(dayStart);
				cursor = dayEnd.minusNanos(1);
			}
			else {
				count++;
				cursor = next;
			}
		}
		return count;
	}

	/**
	 * The wall-clock time after which exactly {@code times} fire times have passed since
	 * {@code after}; that many must exist.
	 */
	private LocalDateTime skip(LocalDateTime after, long times) {
		long skipped = 0;
		LocalDateTime cursor = after;
		while (skipped < times) {
			LocalDateTime next = nextLocal(cursor);
			LocalDateTime dayStart = next.toLocalDate().atStartOfDay();
			if (cursor.isBefore(dayStart) && skipped + perDay(dayStart) <= times) {
				skipped += perDay(dayStart);
				cursor = dayStart.plusDays(1).minusNanos(1);
			}
			else {
				skipped++;
				cursor = next;
			}
		}
		return cursor;
	}

	/**
	 * The fire times on a day that matches: the same on every matching day, since seconds
	 * are always 0 and the minute and hour fields do not depend on the date. Wall-clock
	 * days all have 24 hours, whatever the clocks do.
	 */
	private long perDay(LocalDateTime matchingDayStart) {
		if (this.perDay < 0) {
			LocalDateTime dayEnd = matchingDayStart.plusDays(1);
			long count = 0;
			for (LocalDateTime next = nextLocal(matchingDayStart.minusNanos(1)); next != null
					&& next.isBefore(dayEnd); next = nextLocal(next)) {
				count++;
			}
			this.perDay = count;
		}
		return this.perDay;
	}

	/**
	 * A sentence for common shapes ("every day at 09:00 (Europe/Paris)"), otherwise "cron
	 * 0 9 * * 1-5,0 (Europe/Paris)".
	 */
	String describe() {
		String suffix = " (" + this.zone.getId() + ")";
		String minute = this.fields[0];
		String hour = this.fields[1];
		if (isAny(this.fields[2]) && isAny(this.fields[3]) && isAny(this.fields[4])) {
			// Without a fixed hour the sentence holds in every zone: no zone named.
			if ("*".equals(hour)) {
				if ("*".equals(minute) || "*/1".equals(minute)) {
					return "every minute";
				}
				int step = step(minute, 60);
				if (step > 1) {
					return "every " + step + " minutes";
				}
				if (number(minute, 0, 59) >= 0) {
					return "every hour" + ((number(minute, 0, 59) > 0) ? " at minute " + number(minute, 0, 59) : "");
				}
			}
			int hours = step(hour, 24);
			if (hours > 0 && number(minute, 0, 59) >= 0) {
				return ((hours > 1) ? "every " + hours + " hours" : "every hour")
						+ ((number(minute, 0, 59) > 0) ? " at minute " + number(minute, 0, 59) : "") + suffix;
			}
		}
		String times = times(minute, hour);
		String days = days(this.fields[2], this.fields[3], this.fields[4]);
		if (times == null || days == null) {
			return "cron " + this.written + suffix;
		}
		return days + " at " + times + suffix;
	}

	/** The step of {@code * /n} when it divides the period evenly, else -1. */
	private static int step(String field, int period) {
		if (!field.startsWith("*/")) {
			return -1;
		}
		int step = number(field.substring(2), 1, period);
		return (step > 0 && period % step == 0) ? step : -1;
	}

	/** A plain number within bounds, else -1. */
	private static int number(String field, int min, int max) {
		if (!field.matches("\\d{1,2}")) {
			return -1;
		}
		int value = Integer.parseInt(field);
		return (value >= min && value <= max) ? value : -1;
	}

	/** "09:00" or "09:00, 12:00 and 17:00" for a fixed minute and listed hours. */
	private static String times(String minute, String hour) {
		int m = number(minute, 0, 59);
		if (m < 0) {
			return null;
		}
		List<String> times = new ArrayList<>();
		for (String h : hour.split(",", -1)) {
			if (number(h, 0, 23) < 0) {
				return null;
			}
			times.add(String.format(Locale.ROOT, "%02d:%02d", number(h, 0, 23), m));
		}
		return joined(times);
	}

	private static String days(String dayOfMonth, String month, String dayOfWeek) {
		if (isAny(dayOfMonth) && isAny(month)) {
			if (isAny(dayOfWeek)) {
				return "every day";
			}
			String weekDays = weekDays(dayOfWeek);
			return (weekDays != null) ? "every " + weekDays : null;
		}
		if (!isAny(dayOfWeek)) {
			return null;
		}
		int day = number(dayOfMonth, 1, 31);
		if (isAny(month)) {
			if ("L".equals(dayOfMonth)) {
				return "on the last day of every month";
			}
			return (day > 0) ? "on day " + day + " of every month" : null;
		}
		int monthNumber = named(month, MONTH_NAMES, 1, 12);
		if (day > 0 && monthNumber > 0) {
			return "every year on " + day + " " + Month.of(monthNumber).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
		}
		return null;
	}

	/** "Monday", "Monday to Friday" or "Monday, Wednesday and Friday"; else null. */
	private static String weekDays(String field) {
		String[] range = field.split("-", -1);
		if (range.length == 2) {
			String from = dayName(range[0]);
			String to = dayName(range[1]);
			return (from != null && to != null) ? from + " to " + to : null;
		}
		List<String> names = new ArrayList<>();
		for (String day : field.split(",", -1)) {
			String name = dayName(day);
			if (name == null) {
				return null;
			}
			names.add(name);
		}
		return joined(names);
	}

	private static String dayName(String day) {
		// Unix cron and Spring both read 0 and 7 as Sunday.
		int number = named(day, DAY_NAMES, 0, 7);
		if (number < 0) {
			return null;
		}
		DayOfWeek dayOfWeek = (number == 0) ? DayOfWeek.SUNDAY : DayOfWeek.of(number);
		return dayOfWeek.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
	}

	/** A number within bounds or a three-letter name (its index + min), else -1. */
	private static int named(String field, List<String> names, int min, int max) {
		int index = names.indexOf(field.toUpperCase(Locale.ROOT));
		return (index >= 0) ? index + min : number(field, min, max);
	}

	private static String joined(List<String> items) {
		if (items.size() == 1) {
			return items.get(0);
		}
		return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
	}

}
