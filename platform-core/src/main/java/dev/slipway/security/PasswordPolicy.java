package dev.slipway.security;

import java.security.SecureRandom;

import dev.slipway.error.SlipwayException;

/** What a password must be, and how one-time passwords are made. */
final class PasswordPolicy {

	static final int MIN_LENGTH = 12;

	static final int MAX_LENGTH = 256;

	private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private PasswordPolicy() {
	}

	/**
	 * @throws SlipwayException INVALID_ARGUMENT naming {@code field} for a password that
	 * is too short, too long or the user name itself
	 */
	static void check(String field, String password, String username) {
		if (password == null || password.length() < MIN_LENGTH) {
			throw SlipwayException.invalidArgument(field, "must be at least " + MIN_LENGTH + " characters");
		}
		if (password.length() > MAX_LENGTH) {
			throw SlipwayException.invalidArgument(field, "must be at most " + MAX_LENGTH + " characters");
		}
		if (password.equalsIgnoreCase(username)) {
			throw SlipwayException.invalidArgument(field, "must not be the user name");
		}
	}

	/** A random one-time password: 20 characters, about 116 bits. */
	static String oneTime() {
		StringBuilder password = new StringBuilder(20);
		for (int i = 0; i < 20; i++) {
			password.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
		}
		return password.toString();
	}

}
