package dev.slipway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security events (sign-ins, lockouts, token and permission changes), logged on the
 * {@code slipway.security} logger as {@code event=... key=value}. Never a password or a
 * token: only user names, token ids and prefixes, and client addresses.
 */
public final class SecurityEvents {

	private static final Logger logger = LoggerFactory.getLogger("slipway.security");

	private SecurityEvents() {
	}

	/** Logs one event with its details (already free of secrets). */
	public static void log(String event, String details) {
		String actor = CurrentUser.find().map(SlipwayPrincipal::username).orElse("-");
		logger.info("event={} actor={} {}", event, actor, sanitize(details));
	}

	/** Logs a refused attempt, at WARN. */
	public static void warn(String event, String details) {
		logger.warn("event={} {}", event, sanitize(details));
	}

	/** Keeps a log line one line whatever a client sent. */
	static String sanitize(String text) {
		return (text != null) ? text.replaceAll("[\\r\\n\\t]", "_") : "";
	}

}
