package dev.slipway.home.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A moment as the home page's cards show it: how long ago, with the exact UTC time as the
 * tooltip and in {@code <time datetime>}.
 *
 * @param ago how long ago, e.g. {@code 5 min ago}, or the date when long ago or ahead
 * @param iso the instant, ISO 8601
 * @param exact the UTC time, to the second
 */
public record HomeTime(String ago, String iso, String exact) {

	private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

	/** The moment {@code epochMillis} seen at {@code now}; null for a missing time. */
	public static HomeTime of(Long epochMillis, long now) {
		if (epochMillis == null || epochMillis <= 0) {
			return null;
		}
		Instant instant = Instant.ofEpochMilli(epochMillis);
		return new HomeTime(ago(epochMillis, now), instant.toString(), EXACT.format(instant));
	}

	static String ago(long epochMillis, long now) {
		Duration age = Duration.ofMillis(now - epochMillis);
		if (age.isNegative() || age.toDays() >= 7) {
			return DATE.format(Instant.ofEpochMilli(epochMillis));
		}
		if (age.toMinutes() < 1) {
			return "just now";
		}
		if (age.toHours() < 1) {
			return age.toMinutes() + " min ago";
		}
		if (age.toDays() < 1) {
			return age.toHours() + " h ago";
		}
		return (age.toDays() == 1) ? "yesterday" : age.toDays() + " days ago";
	}

}
