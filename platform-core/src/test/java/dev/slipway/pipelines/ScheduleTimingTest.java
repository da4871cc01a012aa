package dev.slipway.pipelines;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ScheduleTimingTest {

	static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	static ScheduleTiming cron(String cron, String zone) {
		return ScheduleTiming.of(cron, null, zone, null, null, 0);
	}

	static ScheduleTiming hourlyCron(int catchupLimit) {
		return ScheduleTiming.of("0 * * * *", null, null, null, null, catchupLimit);
	}

	static ScheduleTiming every(Duration interval, Instant startAt, int catchupLimit) {
		return ScheduleTiming.of(null, interval, null, startAt, null, catchupLimit);
	}

	/**
	 * An instant written with its offset, so that each side of a change of clocks reads
	 * plainly.
	 */
	static Instant at(String offsetDateTime) {
		return OffsetDateTime.parse(offsetDateTime).toInstant();
	}

	static List<Instant> times(String... offsetDateTimes) {
		return Stream.of(offsetDateTimes).map(ScheduleTimingTest::at).toList();
	}

	/**
	 * The first {@code count} fire times after {@code after}, by repeated {@code next}.
	 */
	static List<Instant> fires(ScheduleTiming timing, String after, int count) {
		List<Instant> fires = new ArrayList<>();
		Instant cursor = at(after);
		for (int i = 0; i < count; i++) {
			cursor = timing.next(cursor, null);
			fires.add(cursor);
		}
		return fires;
	}

	// Refusals

	static Stream<Arguments> refusals() {
		Duration hour = Duration.ofHours(1);
		Instant start = at("2025-01-01T00:00Z");
		return Stream.of(arguments("61 * * * *", null, null, null, null, 0,
				"cron: '61 * * * *' is not a cron expression: minute '61': Invalid value for MinuteOfHour (valid values 0 - 59): 61"),
				arguments("0 24 * * *", null, null, null, null, 0,
						"cron: '0 24 * * *' is not a cron expression: hour '24': Invalid value for HourOfDay (valid values 0 - 23): 24"),
				arguments("0 0 32 * *", null, null, null, null, 0,
						"cron: '0 0 32 * *' is not a cron expression: day-of-month '32': Invalid value for DayOfMonth (valid values 1 - 28/31): 32"),
				arguments("0 0 * 13 *", null, null, null, null, 0,
						"cron: '0 0 * 13 *' is not a cron expression: month '13': Invalid value for MonthOfYear (valid values 1 - 12): 13"),
				arguments("0 0 * * 8", null, null, null, null, 0,
						"cron: '0 0 * * 8' is not a cron expression: day-of-week '8': Invalid value for DayOfWeek (valid values 1 - 7): 8"),
				arguments("0 9 * * x", null, null, null, null, 0,
						"cron: '0 9 * * x' is not a cron expression: day-of-week 'x': not a number, name, range, list or step"),
				arguments("5-1 * * * *", null, null, null, null, 0,
						"cron: '5-1 * * * *' is not a cron expression: minute '5-1': Minimum value must be less than maximum value"),
				arguments("*/0 * * * *", null, null, null, null, 0,
						"cron: '*/0 * * * *' is not a cron expression: minute '*/0': Incrementer delta must be 1 or higher"),
				arguments("0 0 9 * * *", null, null, null, null, 0,
						"cron: '0 0 9 * * *' has 6 fields; write the 5 of Unix cron (minute hour day-of-month month day-of-week), without seconds or year"),
				arguments("0 0 9 * * * 2025", null, null, null, null, 0,
						"cron: '0 0 9 * * * 2025' has 7 fields; write the 5 of Unix cron (minute hour day-of-month month day-of-week), without seconds or year"),
				arguments("0 9 * *", null, null, null, null, 0,
						"cron: '0 9 * *' has 4 fields; write the 5 of Unix cron (minute hour day-of-month month day-of-week)"),
				arguments("@every 5m", null, null, null, null, 0,
						"cron: '@every 5m' is not a cron expression: unknown macro; use @hourly, @daily (or @midnight), @weekly, @monthly or @yearly (or @annually)"),
				arguments("@reboot", null, null, null, null, 0,
						"cron: '@reboot' is not a cron expression: unknown macro; use @hourly, @daily (or @midnight), @weekly, @monthly or @yearly (or @annually)"),
				arguments("0 0 30 2 *", null, null, null, null, 0,
						"cron: '0 0 30 2 *' is not a cron expression: it matches no date"),
				arguments("0 9 * * *", hour, null, null, null, 0,
						"cron: give a cron expression or an interval, not both"),
				arguments(null, null, null, null, null, 0, "cron: give a cron expression or an interval"),
				arguments("  ", null, null, null, null, 0, "cron: give a cron expression or an interval"),
				arguments(null, Duration.ofSeconds(59), null, null, null, 0,
						"interval: 59 seconds is shorter than the minimum, 1 minute"),
				arguments(null, Duration.ZERO, null, null, null, 0,
						"interval: 0 seconds is shorter than the minimum, 1 minute"),
				arguments(null, Duration.ofMinutes(-5), null, null, null, 0,
						"interval: -5 minutes is shorter than the minimum, 1 minute"),
				arguments(null, Duration.ofDays(367), null, null, null, 0,
						"interval: 367 days is longer than the maximum, 366 days"),
				arguments(null, Duration.ofMillis(90_500), null, null, null, 0,
						"interval: must be a whole number of seconds"),
				arguments(null, hour, null, start, start, 0, "endAt: must be after startAt"),
				arguments(null, hour, null, start, start.minusSeconds(1), 0, "endAt: must be after startAt"),
				arguments(null, hour, null, null, null, -1, "catchupLimit: must be from 0 to 100 (was -1)"),
				arguments(null, hour, null, null, null, 101, "catchupLimit: must be from 0 to 100 (was 101)"),
				arguments("0 9 * * *", null, "Mars/Olympus", null, null, 0,
						"zone: 'Mars/Olympus' is not a time zone; use a region such as Europe/Paris, or UTC"),
				arguments("0 9 * * *", null, "Europe/Pariss", null, null, 0,
						"zone: 'Europe/Pariss' is not a time zone; use a region such as Europe/Paris, or UTC"));
	}

	@ParameterizedTest
	@MethodSource("refusals")
	void refusesWithTheFieldNamed(String cron, Duration interval, String zone, Instant startAt, Instant endAt,
			int catchupLimit, String message) {
		assertThatThrownBy(() -> ScheduleTiming.of(cron, interval, zone, startAt, endAt, catchupLimit))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessage(message);
	}

	@Test
	void acceptsTheLimitsAndNormalizesTheWrittenForm() {
		assertThat(every(Duration.ofMinutes(1), null, 0).interval()).isEqualTo(Duration.ofMinutes(1));
		assertThat(every(Duration.ofDays(366), null, 100).catchupLimit()).isEqualTo(100);
		ScheduleTiming spaced = ScheduleTiming.of("  0   9 * *\t1-5 ", null, " Europe/Paris ", null, null, 0);
		assertThat(spaced.cron()).isEqualTo("0 9 * * 1-5");
		assertThat(spaced.zone()).isEqualTo(PARIS);
		assertThat(cron("@DAILY", "").cron()).isEqualTo("@daily");
		assertThat(cron("@daily", null).zone()).isEqualTo(ZoneId.of("UTC"));
		assertThat(new ScheduleTiming("@daily", null, null, null, null, 0).zone()).isEqualTo(ZoneId.of("UTC"));
		// A blank cron is no cron: the interval alone is given.
		assertThat(ScheduleTiming.of("", Duration.ofHours(1), null, null, null, 0).cron()).isNull();
	}

	// Cron syntax

	@ParameterizedTest
	@CsvSource({ "@hourly, 0 * * * *", "@daily, 0 0 * * *", "@midnight, 0 0 * * *", "@weekly, 0 0 * * 0",
			"@monthly, 0 0 1 * *", "@yearly, 0 0 1 1 *", "@annually, 0 0 1 1 *" })
	void macrosFireAsTheirExpansion(String macro, String expansion) {
		assertThat(fires(cron(macro, null), "2025-01-01T10:30Z", 5))
			.isEqualTo(fires(cron(expansion, null), "2025-01-01T10:30Z", 5));
	}

	@Test
	void macrosFireWhenTheirNamesSay() {
		// 2025-01-01 is a Wednesday.
		assertThat(fires(cron("@weekly", null), "2025-01-01T10:30Z", 2))
			.isEqualTo(times("2025-01-05T00:00Z", "2025-01-12T00:00Z"));
		assertThat(fires(cron("@monthly", null), "2025-01-01T10:30Z", 2))
			.isEqualTo(times("2025-02-01T00:00Z", "2025-03-01T00:00Z"));
		assertThat(fires(cron("@yearly", null), "2025-01-01T10:30Z", 1)).isEqualTo(times("2026-01-01T00:00Z"));
		assertThat(fires(cron("@hourly", null), "2025-01-01T10:30Z", 1)).isEqualTo(times("2025-01-01T11:00Z"));
	}

	@Test
	void dayOfWeekZeroAndSevenAreBothSunday() {
		List<Instant> sundays = times("2025-01-05T00:00Z", "2025-01-12T00:00Z");
		assertThat(fires(cron("0 0 * * 0", null), "2025-01-01T00:00Z", 2)).isEqualTo(sundays);
		assertThat(fires(cron("0 0 * * 7", null), "2025-01-01T00:00Z", 2)).isEqualTo(sundays);
		assertThat(fires(cron("0 0 * * SUN", null), "2025-01-01T00:00Z", 2)).isEqualTo(sundays);
		// A range may end on 7: Friday to Sunday.
		assertThat(fires(cron("0 0 * * 5-7", null), "2025-01-01T00:00Z", 4))
			.isEqualTo(times("2025-01-03T00:00Z", "2025-01-04T00:00Z", "2025-01-05T00:00Z", "2025-01-10T00:00Z"));
		assertThat(fires(cron("0 9 * * MON-FRI", null), "2025-01-03T10:00Z", 2))
			.isEqualTo(times("2025-01-06T09:00Z", "2025-01-07T09:00Z"));
	}

	@Test
	void bothDayFieldsRestrictedMatchEitherAsInUnixCron() {
		// June 2025: Fridays 6, 13, 20, 27; July: Fridays 4, 11, 18, and the 13th is a
		// Sunday.
		assertThat(fires(cron("0 0 13 * 5", null), "2025-06-01T00:00Z", 8))
			.isEqualTo(times("2025-06-06T00:00Z", "2025-06-13T00:00Z", "2025-06-20T00:00Z", "2025-06-27T00:00Z",
					"2025-07-04T00:00Z", "2025-07-11T00:00Z", "2025-07-13T00:00Z", "2025-07-18T00:00Z"));
		// With one of them '*' the other alone decides.
		assertThat(fires(cron("0 0 13 * *", null), "2025-06-01T00:00Z", 2))
			.isEqualTo(times("2025-06-13T00:00Z", "2025-07-13T00:00Z"));
		assertThat(fires(cron("0 0 ? * 5", null), "2025-06-01T00:00Z", 2))
			.isEqualTo(times("2025-06-06T00:00Z", "2025-06-13T00:00Z"));
	}

	// next() across changes of clocks (Paris: 2025-03-30 02:00 CET -> 03:00 CEST,
	// 2025-10-26 03:00 CEST -> 02:00 CET)

	@Test
	void nineOClockInParisStaysNineOClockAcrossBothChanges() {
		ScheduleTiming nine = cron("0 9 * * *", "Europe/Paris");
		assertThat(fires(nine, "2025-03-28T12:00Z", 3))
			.isEqualTo(times("2025-03-29T09:00+01:00", "2025-03-30T09:00+02:00", "2025-03-31T09:00+02:00"));
		assertThat(fires(nine, "2025-10-24T12:00Z", 3))
			.isEqualTo(times("2025-10-25T09:00+02:00", "2025-10-26T09:00+01:00", "2025-10-27T09:00+01:00"));
	}

	@Test
	void aTimeSkippedInSpringFiresOnceWhenTheClocksJump() {
		// 02:30 does not exist on 2025-03-30: the run happens at 03:00 CEST (01:00Z), the
		// instant the clocks jump, rather than not at all (which Spring alone would do).
		assertThat(fires(cron("30 2 * * *", "Europe/Paris"), "2025-03-28T12:00Z", 3))
			.isEqualTo(times("2025-03-29T02:30+01:00", "2025-03-30T03:00+02:00", "2025-03-31T02:30+02:00"));
		// Several skipped times (02:00, 02:20, 02:40) and 03:00 itself make one run.
		assertThat(fires(cron("*/20 2-3 * * *", "Europe/Paris"), "2025-03-30T00:00+01:00", 4))
			.isEqualTo(times("2025-03-30T03:00+02:00", "2025-03-30T03:20+02:00", "2025-03-30T03:40+02:00",
					"2025-03-31T02:00+02:00"));
		// An hourly schedule stays evenly spaced: 02:00 simply does not exist.
		assertThat(fires(cron("0 * * * *", "Europe/Paris"), "2025-03-30T00:30+01:00", 3))
			.isEqualTo(times("2025-03-30T01:00+01:00", "2025-03-30T03:00+02:00", "2025-03-30T04:00+02:00"));
	}

	@Test
	void aTimeRepeatedInAutumnFiresOnceAtItsFirstOccurrence() {
		// 02:30 happens twice on 2025-10-26 (CEST, then CET): one run, at 02:30 CEST
		// (Spring
		// alone would run it twice).
		assertThat(fires(cron("30 2 * * *", "Europe/Paris"), "2025-10-25T12:00Z", 2))
			.isEqualTo(times("2025-10-26T02:30+02:00", "2025-10-27T02:30+01:00"));
		// The price: an hourly schedule has no run in the second 02:00 hour (two hours
		// pass).
		assertThat(fires(cron("0 * * * *", "Europe/Paris"), "2025-10-26T00:30+02:00", 4))
			.isEqualTo(times("2025-10-26T01:00+02:00", "2025-10-26T02:00+02:00", "2025-10-26T03:00+01:00",
					"2025-10-26T04:00+01:00"));
		// Asked from inside the second pass, next() does not go back to the first.
		ScheduleTiming twentyMinutes = cron("*/20 * * * *", "Europe/Paris");
		assertThat(twentyMinutes.next(at("2025-10-26T02:10+01:00"), null)).isEqualTo(at("2025-10-26T03:00+01:00"));
		assertThat(twentyMinutes.next(at("2025-10-26T02:40+02:00"), null)).isEqualTo(at("2025-10-26T03:00+01:00"));
	}

	@Test
	void cronFiresWithinStartAndEndBothIncluded() {
		Instant start = at("2025-01-10T09:00Z");
		Instant end = at("2025-01-12T09:00Z");
		ScheduleTiming bounded = ScheduleTiming.of("0 9 * * *", null, null, start, end, 0);
		assertThat(bounded.next(at("2025-01-01T00:00Z"), null)).isEqualTo(start);
		assertThat(bounded.next(start, null)).isEqualTo(at("2025-01-11T09:00Z"));
		assertThat(bounded.next(at("2025-01-11T09:00Z"), null)).isEqualTo(end);
		assertThat(bounded.next(end, null)).isNull();
		ScheduleTiming lateStart = ScheduleTiming.of("0 9 * * *", null, null, start.plusSeconds(1), null, 0);
		assertThat(lateStart.next(at("2025-01-01T00:00Z"), null)).isEqualTo(at("2025-01-11T09:00Z"));
	}

	// Intervals

	@Test
	void intervalWithoutStartIsAnchoredAtTheCreationTime() {
		Instant anchor = at("2025-01-01T10:17:23Z");
		ScheduleTiming sixHours = every(Duration.ofHours(6), null, 0);
		assertThat(sixHours.next(anchor.minusSeconds(3600), anchor)).isEqualTo(anchor);
		assertThat(sixHours.next(anchor, anchor)).isEqualTo(at("2025-01-01T16:17:23Z"));
		assertThat(sixHours.next(at("2025-01-01T23:00Z"), anchor)).isEqualTo(at("2025-01-02T04:17:23Z"));
		assertThatThrownBy(() -> sixHours.next(anchor, null)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void intervalWithStartIsAnchoredAtTheStartAndStopsAtTheEnd() {
		Instant start = at("2025-01-01T00:00Z");
		ScheduleTiming sixHours = ScheduleTiming.of(null, Duration.ofHours(6), "Europe/Paris", start,
				at("2025-01-02T00:00Z"), 0);
		Instant anchor = at("2025-01-01T10:17:23Z");
		assertThat(sixHours.next(at("2024-12-01T00:00Z"), anchor)).isEqualTo(start);
		assertThat(sixHours.next(anchor, anchor)).isEqualTo(at("2025-01-01T12:00Z"));
		assertThat(sixHours.next(anchor, null)).isEqualTo(at("2025-01-01T12:00Z"));
		assertThat(sixHours.next(at("2025-01-01T18:00Z"), anchor)).isEqualTo(at("2025-01-02T00:00Z"));
		assertThat(sixHours.next(at("2025-01-02T00:00Z"), anchor)).isNull();
	}

	@Test
	void intervalIsExactTimeAcrossAChangeOfClocks() {
		ScheduleTiming day = ScheduleTiming.of(null, Duration.ofDays(1), "Europe/Paris", at("2025-03-29T09:00+01:00"),
				null, 0);
		assertThat(day.next(at("2025-03-29T09:00+01:00"), null)).isEqualTo(at("2025-03-30T10:00+02:00"));
	}

	// due()

	static Stream<Arguments> hourlyKinds() {
		// The same hourly fire times, by cron and by interval.
		return Stream.of(arguments("cron"), arguments("interval"));
	}

	static ScheduleTiming hourly(String kind, int catchupLimit) {
		return "cron".equals(kind) ? hourlyCron(catchupLimit)
				: every(Duration.ofHours(1), at("2025-01-01T00:00Z"), catchupLimit);
	}

	static final Instant CREATED = at("2024-12-01T00:00Z");

	@ParameterizedTest
	@MethodSource("hourlyKinds")
	void withoutDowntimeTheOneDueTimeRuns(String kind) {
		ScheduleTiming hourly = hourly(kind, 3);
		assertThat(hourly.due(at("2025-01-01T10:00Z"), at("2025-01-01T11:00:05Z"), CREATED))
			.isEqualTo(new FirePlan(times("2025-01-01T11:00Z"), 0, at("2025-01-01T12:00Z")));
		assertThat(hourly.due(at("2025-01-01T10:00Z"), at("2025-01-01T11:00Z"), CREATED))
			.isEqualTo(new FirePlan(times("2025-01-01T11:00Z"), 0, at("2025-01-01T12:00Z")));
		assertThat(hourly.due(at("2025-01-01T10:00Z"), at("2025-01-01T10:59:59Z"), CREATED))
			.isEqualTo(new FirePlan(List.of(), 0, at("2025-01-01T11:00Z")));
	}

	static Stream<Arguments> threeDayOutage() {
		return hourlyKinds().flatMap((kind) -> Stream.of(arguments(kind.get()[0], 0, times("2025-01-04T10:00Z"), 71),
				arguments(kind.get()[0], 1, times("2025-01-04T09:00Z", "2025-01-04T10:00Z"), 70),
				arguments(kind.get()[0], 3,
						times("2025-01-04T07:00Z", "2025-01-04T08:00Z", "2025-01-04T09:00Z", "2025-01-04T10:00Z"),
						68)));
	}

	@ParameterizedTest
	@MethodSource("threeDayOutage")
	void afterAnOutageTheLatestRunsWithUpToTheLimitOfTheMostRecentMissed(String kind, int catchupLimit,
			List<Instant> runs, long skipped) {
		// 72 fire times from 01-01 11:00 to 01-04 10:00.
		FirePlan plan = hourly(kind, catchupLimit).due(at("2025-01-01T10:00Z"), at("2025-01-04T10:30Z"), CREATED);
		assertThat(plan).isEqualTo(new FirePlan(runs, skipped, at("2025-01-04T11:00Z")));
		assertThat(plan.latest()).isEqualTo(at("2025-01-04T10:00Z"));
	}

	@ParameterizedTest
	@MethodSource("hourlyKinds")
	void aLimitAboveTheMissedRunsThemAll(String kind) {
		assertThat(hourly(kind, 100).due(at("2025-01-01T10:00Z"), at("2025-01-01T13:10Z"), CREATED))
			.isEqualTo(new FirePlan(times("2025-01-01T11:00Z", "2025-01-01T12:00Z", "2025-01-01T13:00Z"), 0,
					at("2025-01-01T14:00Z")));
	}

	@Test
	void aCronScheduleThatNeverFiredCountsFromItsCreation() {
		ScheduleTiming daily = ScheduleTiming.of("0 9 * * *", null, null, null, null, 1);
		Instant created = at("2025-01-01T15:00Z");
		assertThat(daily.due(null, at("2025-01-01T16:00Z"), created))
			.isEqualTo(new FirePlan(List.of(), 0, at("2025-01-02T09:00Z")));
		assertThat(daily.due(null, at("2025-01-02T09:00:01Z"), created))
			.isEqualTo(new FirePlan(times("2025-01-02T09:00Z"), 0, at("2025-01-03T09:00Z")));
		assertThat(daily.due(null, at("2025-01-05T10:00Z"), created))
			.isEqualTo(new FirePlan(times("2025-01-04T09:00Z", "2025-01-05T09:00Z"), 2, at("2025-01-06T09:00Z")));
	}

	@Test
	void anIntervalScheduleThatNeverFiredRunsAtItsCreation() {
		Instant created = at("2025-01-01T10:17:23Z");
		ScheduleTiming sixHours = every(Duration.ofHours(6), null, 0);
		assertThat(sixHours.due(null, created, created))
			.isEqualTo(new FirePlan(List.of(created), 0, at("2025-01-01T16:17:23Z")));
		assertThat(sixHours.due(null, created.minusSeconds(1), created)).isEqualTo(new FirePlan(List.of(), 0, created));
	}

	@Test
	void aStartBeforeTheCreationDoesNotMakeMissedTimes() {
		// Created at 10:30 with a start on 01-01: the fire times before 10:30 were never
		// missed, the schedule did not exist.
		ScheduleTiming hourly = every(Duration.ofHours(1), at("2025-01-01T00:00Z"), 100);
		Instant created = at("2025-01-05T10:30Z");
		assertThat(hourly.due(null, created.plusSeconds(1), created))
			.isEqualTo(new FirePlan(List.of(), 0, at("2025-01-05T11:00Z")));
		assertThat(hourly.due(null, at("2025-01-05T11:00Z"), created))
			.isEqualTo(new FirePlan(times("2025-01-05T11:00Z"), 0, at("2025-01-05T12:00Z")));
	}

	@Test
	void nothingIsDueBeforeAStartInTheFuture() {
		Instant start = at("2025-02-01T00:00Z");
		ScheduleTiming hourly = ScheduleTiming.of("30 * * * *", null, null, start, null, 5);
		Instant created = at("2025-01-01T00:00Z");
		assertThat(hourly.due(null, at("2025-01-31T23:59Z"), created))
			.isEqualTo(new FirePlan(List.of(), 0, at("2025-02-01T00:30Z")));
		assertThat(hourly.due(null, at("2025-02-01T01:45Z"), created))
			.isEqualTo(new FirePlan(times("2025-02-01T00:30Z", "2025-02-01T01:30Z"), 0, at("2025-02-01T02:30Z")));
	}

	@Test
	void afterTheEndTheLastDueTimesRunAndNothingFollows() {
		ScheduleTiming ending = ScheduleTiming.of("0 * * * *", null, null, null, at("2025-01-02T00:00Z"), 1);
		// Down from 20:00 to well after the end: 21:00 to 00:00 were due, the last two
		// run.
		assertThat(ending.due(at("2025-01-01T20:00Z"), at("2025-01-03T12:00Z"), CREATED))
			.isEqualTo(new FirePlan(times("2025-01-01T23:00Z", "2025-01-02T00:00Z"), 2, null));
		assertThat(ending.due(at("2025-01-02T00:00Z"), at("2025-01-03T13:00Z"), CREATED))
			.isEqualTo(new FirePlan(List.of(), 0, null));
	}

	@Test
	void aLastFireTimeAheadOfTheClockIsNotRunAgain() {
		// Another replica whose clock is ahead already ran 11:00.
		assertThat(hourlyCron(3).due(at("2025-01-01T11:00Z"), at("2025-01-01T10:59:58Z"), CREATED))
			.isEqualTo(new FirePlan(List.of(), 0, at("2025-01-01T12:00Z")));
	}

	@Test
	void dueCountsEachWallClockTimeOnceAcrossChangesOfClocks() {
		ScheduleTiming daily = ScheduleTiming.of("30 2 * * *", null, "Europe/Paris", null, null, 100);
		assertThat(daily.due(at("2025-03-27T02:30+01:00"), at("2025-04-02T12:00+02:00"), CREATED).fireTimes())
			.isEqualTo(times("2025-03-28T02:30+01:00", "2025-03-29T02:30+01:00", "2025-03-30T03:00+02:00",
					"2025-03-31T02:30+02:00", "2025-04-01T02:30+02:00", "2025-04-02T02:30+02:00"));
		assertThat(daily.due(at("2025-10-24T02:30+02:00"), at("2025-10-28T12:00+01:00"), CREATED).fireTimes())
			.isEqualTo(times("2025-10-25T02:30+02:00", "2025-10-26T02:30+02:00", "2025-10-27T02:30+01:00",
					"2025-10-28T02:30+01:00"));
	}

	// Bounded work over long outages

	@Test
	void aYearOfEveryMinuteDowntimeInUtc() {
		Instant lastFired = at("2024-06-01T00:00Z");
		Instant now = at("2025-06-01T00:00:30Z");
		FirePlan plan = ScheduleTiming.of("* * * * *", null, null, null, null, 2).due(lastFired, now, CREATED);
		assertThat(plan.fireTimes()).isEqualTo(times("2025-05-31T23:58Z", "2025-05-31T23:59Z", "2025-06-01T00:00Z"));
		assertThat(plan.skipped()).isEqualTo(Duration.ofDays(365).toMinutes() - 3);
		assertThat(plan.next()).isEqualTo(at("2025-06-01T00:01Z"));
	}

	@Test
	void aYearOfEveryMinuteDowntimeInParisTakesFewSteps() {
		Instant lastFired = at("2024-06-01T00:00Z");
		Instant now = at("2025-06-01T00:00:30Z");
		CronSchedule everyMinute = CronSchedule.parse("* * * * *", PARIS);
		ScheduleTiming.Fires fires = everyMinute.fires(lastFired, now, 4);
		assertThat(fires.latest())
			.isEqualTo(times("2025-05-31T23:57Z", "2025-05-31T23:58Z", "2025-05-31T23:59Z", "2025-06-01T00:00Z"));
		// Every minute of the year fires once, except the 60 of the repeated hour in
		// October.
		assertThat(fires.total()).isEqualTo(Duration.ofDays(365).toMinutes() - 60);
		// One step per minute would be 525,600.
		assertThat(everyMinute.steps()).isLessThan(10_000);
	}

	@Test
	void thirtyYearsOfEveryMinuteDowntimeTakeFewSteps() {
		Instant lastFired = at("2000-01-01T00:00Z");
		Instant now = at("2030-01-01T00:00Z");
		CronSchedule everyMinute = CronSchedule.parse("* * * * *", PARIS);
		ScheduleTiming.Fires fires = everyMinute.fires(lastFired, now, 101);
		assertThat(fires.latest()).hasSize(101).last().isEqualTo(now);
		assertThat(fires.total()).isEqualTo(Duration.between(lastFired, now).toMinutes() - 30 * 60);
		assertThat(everyMinute.steps()).isLessThan(100_000);
	}

	/**
	 * Spans of six days around each 2025 change of clocks in zones with whole-hour,
	 * half-hour (Lord Howe) and no changes.
	 */
	static Stream<Arguments> spans() {
		List<String> expressions = List.of("* * * * *", "*/7 2-3 * * *", "30 2 * * *", "0,30 1-3 * * 0,3",
				"15 */2 13 * 5", "0 2 * * *", "45 1 * * *");
		List<String> zones = List.of("Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC");
		List<Arguments> spans = new ArrayList<>();
		for (String zone : zones) {
			List<Instant> centres = new ArrayList<>();
			ZoneOffsetTransition transition = ZoneId.of(zone).getRules().nextTransition(at("2025-01-01T00:00Z"));
			while (transition != null && transition.getInstant().isBefore(at("2026-01-01T00:00Z"))) {
				centres.add(transition.getInstant());
				transition = ZoneId.of(zone).getRules().nextTransition(transition.getInstant());
			}
			if (centres.isEmpty()) {
				centres.add(at("2025-06-01T00:00Z"));
			}
			for (Instant centre : centres) {
				for (String expression : expressions) {
					// Odd offsets, so that the span's ends fall inside days and hours.
					spans.add(arguments(expression, zone, centre.minusSeconds(3 * 86_400 + 4_321),
							centre.plusSeconds(3 * 86_400 + 1_234)));
				}
			}
		}
		return spans.stream();
	}

	@ParameterizedTest
	@MethodSource("spans")
	void countingByDaysAgreesWithStepByStep(String expression, String zone, Instant from, Instant to) {
		ScheduleTiming timing = ScheduleTiming.of(expression, null, zone, null, null, 4);
		CronSchedule schedule = CronSchedule.parse(timing.cron(), timing.zone());
		List<Instant> all = new ArrayList<>();
		for (Instant next = schedule.next(from); !next.isAfter(to); next = schedule.next(next)) {
			all.add(next);
		}
		assertThat(all).isSorted().doesNotHaveDuplicates();
		ScheduleTiming.Fires fires = CronSchedule.parse(timing.cron(), timing.zone()).fires(from, to, 5);
		assertThat(fires.total()).isEqualTo(all.size());
		assertThat(fires.latest()).isEqualTo(all.subList(Math.max(0, all.size() - 5), all.size()));
		FirePlan plan = timing.due(from, to, CREATED);
		assertThat(plan.fireTimes()).isEqualTo(all.subList(Math.max(0, all.size() - 5), all.size()));
		assertThat(plan.skipped()).isEqualTo(Math.max(0, all.size() - 5));
	}

	// describe()

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			0 9 * * *         | Europe/Paris | every day at 09:00 (Europe/Paris)
			* * * * *         | UTC          | every minute
			*/15 * * * *      | Europe/Paris | every 15 minutes
			@hourly           | UTC          | every hour
			5 * * * *         | UTC          | every hour at minute 5
			0 */6 * * *       | Europe/Paris | every 6 hours (Europe/Paris)
			0 9 * * 1-5       | Europe/Paris | every Monday to Friday at 09:00 (Europe/Paris)
			30 8 * * MON,WED,FRI | UTC       | every Monday, Wednesday and Friday at 08:30 (UTC)
			0 9,17 * * *      | UTC          | every day at 09:00 and 17:00 (UTC)
			@daily            | UTC          | every day at 00:00 (UTC)
			@weekly           | UTC          | every Sunday at 00:00 (UTC)
			0 0 * * 7         | UTC          | every Sunday at 00:00 (UTC)
			@monthly          | UTC          | on day 1 of every month at 00:00 (UTC)
			0 6 L * *         | UTC          | on the last day of every month at 06:00 (UTC)
			@yearly           | UTC          | every year on 1 January at 00:00 (UTC)
			0 12 25 DEC *     | UTC          | every year on 25 December at 12:00 (UTC)
			0 9 13 * 5        | Europe/Paris | cron 0 9 13 * 5 (Europe/Paris)
			*/7 9-17 * * *    | UTC          | cron */7 9-17 * * * (UTC)
			""")
	void describesCronInWords(String cron, String zone, String description) {
		assertThat(cron(cron, zone).describe()).isEqualTo(description);
	}

	@ParameterizedTest
	@CsvSource({ "PT15M, every 15 minutes", "PT1M, every minute", "PT1H, every hour", "PT90M, every 90 minutes",
			"P1D, every day", "PT36H, every 36 hours", "P14D, every 14 days", "PT61S, every 61 seconds" })
	void describesIntervalsInWords(Duration interval, String description) {
		assertThat(every(interval, null, 0).describe()).isEqualTo(description);
	}

}
