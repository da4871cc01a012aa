package dev.slipway.storage;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks a URI that names stored files (a model version's source, an experiment's
 * artifact location) the way it will be read, not the way it was typed: percent-encoding
 * is decoded until nothing changes, so {@code ..%2f..%2f} and {@code %252e%252e} are seen
 * as the {@code ../..} they become, and a NUL anywhere is refused.
 */
public final class SourceUris {

	/** Rounds of decoding before a URI counts as hiding something. */
	private static final int MAX_DECODING_ROUNDS = 5;

	private SourceUris() {
	}

	/**
	 * Why this URI (or relative path) may not name stored files, or empty when it may: a
	 * NUL, a {@code ..} segment, or encoding nested deeper than anyone writes by mistake,
	 * once fully decoded.
	 */
	public static Optional<String> problem(String uri) {
		String decoded = uri;
		int rounds = 0;
		while (decoded.indexOf('%') >= 0 || decoded.indexOf('+') >= 0) {
			String next;
			try {
				next = URLDecoder.decode(decoded, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				// A '%' not followed by two hex digits ("100%.csv") encodes nothing, so
				// it
				// hides nothing either: what is decoded so far is what a store reads.
				break;
			}
			if (next.equals(decoded)) {
				break;
			}
			decoded = next;
			if (++rounds > MAX_DECODING_ROUNDS) {
				return Optional.of("it is percent-encoded too many times over");
			}
		}
		if (decoded.indexOf('\0') >= 0) {
			return Optional.of("it contains a NUL character");
		}
		for (String segment : decoded.split("[/\\\\]")) {
			if (segment.equals("..")) {
				return Optional.of("it contains a '..' path segment");
			}
		}
		return Optional.empty();
	}

}
