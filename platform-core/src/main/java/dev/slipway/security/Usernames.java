package dev.slipway.security;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.slipway.error.SlipwayException;

/** The rules for user names: one spelling per account, safe in URLs and logs. */
final class Usernames {

	private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

	private Usernames() {
	}

	/** A user name as stored: trimmed and lower-cased; null stays null. */
	static String normalize(String username) {
		return (username != null) ? username.trim().toLowerCase(Locale.ROOT) : null;
	}

	/**
	 * @throws SlipwayException INVALID_ARGUMENT unless the name is 1 to 64 of letters,
	 * digits, '.', '_', '@' and '-', starting with a letter or digit
	 */
	static String requireValid(String username) {
		String normalized = normalize(username);
		if (normalized == null || !VALID.matcher(normalized).matches()) {
			throw SlipwayException.invalidArgument("username",
					"must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
		}
		return normalized;
	}

}
