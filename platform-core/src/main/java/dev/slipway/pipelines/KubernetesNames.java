package dev.slipway.pipelines;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names and label values for Kubernetes objects made from Slipway's ids: DNS-1123 labels
 * of at most 63 characters, deterministic, and distinct for distinct ids.
 */
final class KubernetesNames {

	private static final int MAX_NAME = 63;

	private static final int HASH_LENGTH = 10;

	private KubernetesNames() {
	}

	/**
	 * The Job name of an attempt id: {@code slipway-<id>}, lower-cased, with every
	 * character a DNS-1123 label refuses replaced by {@code -}. When that changed the id
	 * or is longer than 63 characters, it is cut and ends with a hash of the id, so
	 * distinct ids keep distinct names.
	 */
	static String jobName(String attemptId) {
		String raw = "slipway-" + attemptId;
		String lower = raw.toLowerCase(Locale.ROOT);
		StringBuilder safe = new StringBuilder(lower.length());
		for (int i = 0; i < lower.length(); i++) {
			char c = lower.charAt(i);
			safe.append(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') ? c : '-');
		}
		String name = trimDashes(safe.toString());
		if (name.equals(raw) && name.length() <= MAX_NAME) {
			return name;
		}
		String hash = hash(attemptId);
		String head = trimDashes(name.substring(0, Math.min(name.length(), MAX_NAME - HASH_LENGTH - 1)));
		return head + "-" + hash;
	}

	/**
	 * A label value: at most 63 letters, digits, '-', '_' and '.', alphanumeric at both
	 * ends.
	 */
	static String labelValue(String value) {
		StringBuilder safe = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || c == '.';
			safe.append(ok ? c : '-');
		}
		String trimmed = trimPunctuation(safe.toString());
		return trimPunctuation(trimmed.substring(0, Math.min(trimmed.length(), MAX_NAME)));
	}

	private static String trimPunctuation(String text) {
		int start = 0;
		int end = text.length();
		while (start < end && !Character.isLetterOrDigit(text.charAt(start))) {
			start++;
		}
		while (end > start && !Character.isLetterOrDigit(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(start, end);
	}

	private static String trimDashes(String text) {
		int start = 0;
		int end = text.length();
		while (start < end && text.charAt(start) == '-') {
			start++;
		}
		while (end > start && text.charAt(end - 1) == '-') {
			end--;
		}
		return text.substring(start, end);
	}

	private static String hash(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java", ex);
		}
	}

}
