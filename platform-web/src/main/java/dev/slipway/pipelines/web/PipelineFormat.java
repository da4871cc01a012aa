package dev.slipway.pipelines.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times, durations, states and digests as the pipeline pages write them: times in UTC,
 * durations in the two largest units, a state as its badge class.
 */
final class PipelineFormat {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	/** The hex digits of a digest the pages show; the full digest is the tooltip. */
	private static final int SHORT_DIGEST = 12;

	private PipelineFormat() {
	}

	/** Epoch milliseconds in UTC, or a dash. */
	static String time(Long millis) {
		return (millis == null || millis <= 0) ? "—" : TIME.format(Instant.ofEpochMilli(millis));
	}

	/** Epoch milliseconds as an ISO instant for {@code <time datetime>}, or null. */
	static String iso(Long millis) {
		return (millis == null || millis <= 0) ? null : Instant.ofEpochMilli(millis).toString();
	}

	/**
	 * How long something ran: from {@code start} to {@code end}, or to {@code now} while
	 * it runs; a dash when it never started.
	 */
	static String duration(Long start, Long end, long now) {
		if (start == null) {
			return "—";
		}
		return duration(Duration.ofMillis(Math.max(0, ((end != null) ? end : now) - start)));
	}

	/**
	 * A duration in its two largest units: {@code 1h 5m}, {@code 3m 07s}, {@code 4.2s}.
	 */
	static String duration(Duration duration) {
		if (duration.toDays() > 0) {
			return duration.toDays() + "d " + duration.toHoursPart() + "h";
		}
		if (duration.toHours() > 0) {
			return duration.toHours() + "h " + duration.toMinutesPart() + "m";
		}
		if (duration.toMinutes() > 0) {
			return String.format(Locale.ROOT, "%dm %02ds", duration.toMinutes(), duration.toSecondsPart());
		}
		if (duration.toMillis() < 10_000) {
			return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
		}
		return duration.toSeconds() + "s";
	}

	/**
	 * A setting's duration as a definition writes it: {@code 1h}, {@code 90m},
	 * {@code 45s}, {@code 2d}.
	 */
	static String setting(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds > 0 && seconds % 86_400 == 0) {
			return seconds / 86_400 + "d";
		}
		if (seconds > 0 && seconds % 3600 == 0) {
			return seconds / 3600 + "h";
		}
		if (seconds > 0 && seconds % 60 == 0) {
			return seconds / 60 + "m";
		}
		return seconds + "s";
	}

	/**
	 * The class of a state's badge, {@code state-succeeded}: the same names as the
	 * graph's boxes (dag.css), so both show a state in one colour.
	 */
	static String stateClass(String state) {
		return "state-" + state.toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** {@code sha256:} and the first hex digits, enough to tell digests apart. */
	static String shortDigest(String digest) {
		if (digest == null) {
			return "";
		}
		int colon = digest.indexOf(':');
		String hex = digest.substring(colon + 1);
		return digest.substring(0, colon + 1) + ((hex.length() > SHORT_DIGEST) ? hex.substring(0, SHORT_DIGEST) : hex);
	}

	/** A byte count: {@code 512 B}, {@code 3.4 KiB}, {@code 12.0 MiB}. */
	static String size(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		String[] units = { "KiB", "MiB", "GiB", "TiB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
	}

	/** A cause as words: {@code manual}, {@code schedule}. */
	static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

}
