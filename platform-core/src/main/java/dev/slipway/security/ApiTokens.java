package dev.slipway.security;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The shape of API tokens: {@code slw_} and 43 characters of URL-safe base64 (256 random
 * bits). The prefix lets secret scanners recognise a leaked token; the high entropy is
 * why a fast SHA-256 is the right hash for them, unlike passwords.
 */
final class ApiTokens {

	static final String PREFIX = "slw_";

	private static final int SECRET_LENGTH = PREFIX.length() + 43;

	private static final SecureRandom RANDOM = new SecureRandom();

	private ApiTokens() {
	}

	static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static boolean looksLikeToken(String secret) {
		return secret != null && secret.length() == SECRET_LENGTH && secret.startsWith(PREFIX);
	}

	static String hash(String secret) {
		return Authenticator.sha256(secret);
	}

	/**
	 * What is shown of a token after creation: enough to tell it apart, not to use it.
	 */
	static String displayPrefix(String secret) {
		return secret.substring(0, PREFIX.length() + 6);
	}

}
