package dev.slipway.storage;

import java.nio.charset.StandardCharsets;

/**
 * The rules every artifact key and prefix must follow, shared by all stores so that a key
 * accepted by one store is accepted by every other.
 *
 * <p>
 * A key is a relative path of {@code /}-separated segments: no empty, {@code .} or
 * {@code ..} segment, no leading {@code /} or drive letter, no backslash, no control
 * character, at most {@value #MAX_KEY_BYTES} UTF-8 bytes in all and
 * {@value #MAX_SEGMENT_BYTES} per segment, and not under {@value #RESERVED_SEGMENT}.
 */
public final class ArtifactKeys {

	/** Longest key in UTF-8 bytes: S3's own limit, applied to every store. */
	public static final int MAX_KEY_BYTES = 1024;

	/** Longest segment in UTF-8 bytes: the file-name limit of common file systems. */
	public static final int MAX_SEGMENT_BYTES = 255;

	/** First segment reserved for the local store's in-flight uploads. */
	public static final String RESERVED_SEGMENT = ".slipway-uploads";

	/**
	 * How much of an offending key a message repeats; over-long keys would flood logs.
	 */
	private static final int MAX_SHOWN_CHARS = 200;

	private ArtifactKeys() {
	}

	/**
	 * Check that {@code key} names an artifact.
	 * @param key the key to check
	 * @return the same key
	 * @throws InvalidArtifactKeyException naming the broken rule
	 */
	public static String requireValidKey(String key) {
		if (key == null) {
			throw new InvalidArtifactKeyException("artifact key must not be null");
		}
		if (key.isEmpty()) {
			throw new InvalidArtifactKeyException("artifact key must not be empty");
		}
		check("artifact key", key);
		return key;
	}

	/**
	 * Check a folder prefix and drop its trailing {@code /}. The empty prefix (or
	 * {@code null}) is the root.
	 * @param prefix the prefix to check, such as {@code runs/42/} or {@code runs/42}
	 * @return the prefix without trailing {@code /}, {@code ""} for the root
	 * @throws InvalidArtifactKeyException naming the broken rule
	 */
	public static String normalizePrefix(String prefix) {
		if (prefix == null || prefix.isEmpty()) {
			return "";
		}
		if (prefix.equals("/")) {
			throw new InvalidArtifactKeyException("artifact prefix must be relative, not start with '/': /");
		}
		String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
		check("artifact prefix", trimmed);
		return trimmed;
	}

	/**
	 * Whether {@code name} could be one segment of a valid key. Listings skip names that
	 * fail this, because no key could reach them.
	 * @param name a file or directory name
	 * @return whether a key may contain it as a segment
	 */
	static boolean isValidSegment(String name) {
		if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
				|| utf8Length(name) > MAX_SEGMENT_BYTES) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			if (Character.isISOControl(name.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static void check(String what, String value) {
		// Control characters first, so that every later message can show the
		// value as is.
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c)) {
				throw invalid(what,
						String.format("must not contain control characters (found U+%04X at index %d)", (int) c, i),
						value);
			}
		}
		if (value.indexOf('\\') >= 0) {
			throw invalid(what, "must not contain backslashes", value);
		}
		if (value.startsWith("/")) {
			throw invalid(what, "must be relative, not start with '/'", value);
		}
		if (value.length() >= 2 && value.charAt(1) == ':' && isAsciiLetter(value.charAt(0))) {
			throw invalid(what, "must not start with a drive letter", value);
		}
		int bytes = utf8Length(value);
		if (bytes > MAX_KEY_BYTES) {
			throw invalid(what, "must not be longer than " + MAX_KEY_BYTES + " UTF-8 bytes (has " + bytes + ")", value);
		}
		String[] segments = value.split("/", -1);
		for (String segment : segments) {
			if (segment.isEmpty()) {
				throw invalid(what, "must not contain empty segments (a '//' or a trailing '/')", value);
			}
			if (segment.equals("..")) {
				throw invalid(what, "must not contain '..' segments", value);
			}
			if (segment.equals(".")) {
				throw invalid(what, "must not contain '.' segments", value);
			}
			int segmentBytes = utf8Length(segment);
			if (segmentBytes > MAX_SEGMENT_BYTES) {
				throw invalid(what, "must not have a segment longer than " + MAX_SEGMENT_BYTES
						+ " UTF-8 bytes (one has " + segmentBytes + ")", value);
			}
		}
		if (segments[0].equals(RESERVED_SEGMENT)) {
			throw invalid(what, "must not start with the reserved folder '" + RESERVED_SEGMENT + "'", value);
		}
	}

	private static InvalidArtifactKeyException invalid(String what, String rule, String value) {
		return new InvalidArtifactKeyException(what + " " + rule + ": " + shown(value));
	}

	private static String shown(String value) {
		StringBuilder shown = new StringBuilder();
		int end = Math.min(value.length(), MAX_SHOWN_CHARS);
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c)) {
				shown.append(String.format("\\u%04x", (int) c));
			}
			else {
				shown.append(c);
			}
		}
		if (end < value.length()) {
			shown.append("...");
		}
		return shown.toString();
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private static int utf8Length(String value) {
		return value.getBytes(StandardCharsets.UTF_8).length;
	}

}
