package dev.slipway.storage;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Listing rules shared by the stores: page size bounds, page tokens and the sort order.
 *
 * <p>
 * Entries are compared by their "raw name": the name, plus {@code /} for a directory.
 * That is the order S3 returns keys and common prefixes in, so a local listing pages
 * exactly like an S3 one. A page token is the base64url of the last raw name returned.
 */
final class Listings {

	/**
	 * Unicode code point order, which is UTF-8 byte order: the order S3 sorts keys in.
	 * {@link String#compareTo} differs for characters above U+E000 versus surrogate
	 * pairs.
	 */
	static final Comparator<String> ORDER = Listings::compareCodePoints;

	private Listings() {
	}

	static void checkPageSize(int pageSize) {
		if (pageSize < 1 || pageSize > ArtifactStore.MAX_PAGE_SIZE) {
			throw new InvalidArtifactRequestException(
					"page size must be between 1 and " + ArtifactStore.MAX_PAGE_SIZE + ", was " + pageSize);
		}
	}

	/**
	 * Decode a page token.
	 * @param token the token, or {@code null} for the first page
	 * @return the raw name listing resumes after, or {@code null} for the first page
	 */
	static String decodeToken(String token) {
		if (token == null) {
			return null;
		}
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(token);
			String after = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
			if (!after.isEmpty()) {
				return after;
			}
		}
		catch (IllegalArgumentException | CharacterCodingException ex) {
			// Reported below, without echoing the cause: tokens are opaque to
			// callers.
		}
		throw new InvalidArtifactRequestException("page token is not valid: " + token);
	}

	static String encodeToken(String rawName) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(rawName.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Whether a raw name belongs on the page being built.
	 * @param rawName the candidate
	 * @param after the raw name listing resumes after, or {@code null}
	 * @return whether it sorts after the token
	 */
	static boolean isAfter(String rawName, String after) {
		return after == null || ORDER.compare(rawName, after) > 0;
	}

	/**
	 * Turn candidates into a page.
	 * @param prefix the normalized listed prefix
	 * @param candidates raw name to size, sorted by {@link #ORDER}, at least the first
	 * {@code pageSize + 1} names after the token when there are that many
	 * @param pageSize the requested page size
	 * @return the page, with a token when more entries follow
	 */
	static ListPage page(String prefix, NavigableMap<String, Long> candidates, int pageSize) {
		List<ListEntry> entries = new ArrayList<>(Math.min(candidates.size(), pageSize));
		String last = null;
		for (Map.Entry<String, Long> candidate : candidates.entrySet()) {
			if (entries.size() == pageSize) {
				return new ListPage(entries, encodeToken(last));
			}
			String rawName = candidate.getKey();
			boolean directory = rawName.endsWith("/");
			String name = directory ? rawName.substring(0, rawName.length() - 1) : rawName;
			String path = prefix.isEmpty() ? name : prefix + "/" + name;
			entries.add(new ListEntry(path, directory, directory ? 0 : candidate.getValue()));
			last = rawName;
		}
		return new ListPage(entries, null);
	}

	private static int compareCodePoints(String left, String right) {
		int i = 0;
		int j = 0;
		while (i < left.length() && j < right.length()) {
			int a = left.codePointAt(i);
			int b = right.codePointAt(j);
			if (a != b) {
				return Integer.compare(a, b);
			}
			i += Character.charCount(a);
			j += Character.charCount(b);
		}
		return Integer.compare(left.length() - i, right.length() - j);
	}

}
