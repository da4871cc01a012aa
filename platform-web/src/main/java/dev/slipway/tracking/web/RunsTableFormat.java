package dev.slipway.tracking.web;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the tracking pages write times, durations and metric values (UTC, compact). */
final class RunsTableFormat {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private RunsTableFormat() {
	}

	/** Epoch milliseconds as a UTC date and time; empty when absent. */
	static String time(Long millis) {
		return (millis == null) ? "" : TIME.format(Instant.ofEpochMilli(millis));
	}

	/** The machine-readable form of a time, for {@code <time datetime>}. */
	static String isoTime(Long millis) {
		return (millis == null) ? null : Instant.ofEpochMilli(millis).toString();
	}

	/** From start to end, or to now while running: "4.2s", "3m 05s", "2h 03m". */
	static String duration(Long start, Long end, long now) {
		if (start == null) {
			return "";
		}
		long millis = Math.max(0, ((end != null) ? end : now) - start);
		if (millis < 60_000) {
			return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
		}
		long seconds = millis / 1000;
		if (seconds < 3600) {
			return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
		}
		if (seconds < 86_400) {
			return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
		}
		return String.format(Locale.ROOT, "%dd %02dh", seconds / 86_400, (seconds % 86_400) / 3600);
	}

	/** A metric value with six significant digits, in plain notation where readable. */
	static String number(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return Double.toString(value);
		}
		if (value == 0) {
			return "0";
		}
		double magnitude = Math.abs(value);
		if (magnitude >= 1e-4 && magnitude < 1e9) {
			return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
		}
		return String.format(Locale.ROOT, "%.4e", value);
	}

}
