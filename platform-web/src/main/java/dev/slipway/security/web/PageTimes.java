package dev.slipway.security.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages show a moment: to the minute, in UTC. */
final class PageTimes {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private PageTimes() {
	}

	static String format(Long epochMillis) {
		return (epochMillis != null) ? FORMAT.format(Instant.ofEpochMilli(epochMillis)) : null;
	}

}
