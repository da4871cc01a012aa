package dev.slipway.monitoring;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The length of a monitor's windows. Windows start on the hour or at midnight in the
 * monitor's time zone; an hourly monitor keeps day windows too, each the merge of its
 * hours.
 */
public enum WindowUnit {

	/** One-hour windows (and their days). */
	HOUR,

	/** One-day windows. */
	DAY;

	/**
	 * The start, in epoch milliseconds, of the window of this unit holding
	 * {@code millis}.
	 */
	long start(long millis, ZoneId zone) {
		ChronoUnit unit = (this == HOUR) ? ChronoUnit.HOURS : ChronoUnit.DAYS;
		return Instant.ofEpochMilli(millis).atZone(zone).truncatedTo(unit).toInstant().toEpochMilli();
	}

	/** The start of the window after the one starting at {@code start}. */
	long next(long start, ZoneId zone) {
		ChronoUnit unit = (this == HOUR) ? ChronoUnit.HOURS : ChronoUnit.DAYS;
		return Instant.ofEpochMilli(start).atZone(zone).plus(1, unit).toInstant().toEpochMilli();
	}

	/** The one-letter grain a profile row of this unit is stored under. */
	String grain() {
		return (this == HOUR) ? "H" : "D";
	}

}
