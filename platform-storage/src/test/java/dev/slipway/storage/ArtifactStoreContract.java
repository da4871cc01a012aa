package dev.slipway.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.slipway.storage.TestContent.Measured;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.slipway.storage.TestContent.bytes;
import static dev.slipway.storage.TestContent.failingAfter;
import static dev.slipway.storage.TestContent.measure;
import static dev.slipway.storage.TestContent.sha256;
import static dev.slipway.storage.TestContent.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What every {@link ArtifactStore} must do; each implementation's test extends this with
 * a fresh, empty store per test.
 */
abstract class ArtifactStoreContract {

	private static final Logger logger = LoggerFactory.getLogger(ArtifactStoreContract.class);

	/** Larger than the default S3 part size, so S3 stores take the multipart path. */
	static final int MULTIPART_SIZE = (int) S3Options.DEFAULT_PART_SIZE + (1 << 20);

	static final long LARGE_SIZE = 2L << 30;

	/**
	 * Return the store under test: empty at the start of each test.
	 */
	protected abstract ArtifactStore store();

	// put and get

	@Test
	void putStoresTheBytesAndReportsTheirSizeAndSha256() {
		byte[] content = bytes("hello, artifacts");

		StoredObject stored = store().put("runs/1/hello.txt", new ByteArrayInputStream(content), content.length);

		assertThat(stored).isEqualTo(new StoredObject("runs/1/hello.txt", content.length, sha256(content)));
		assertThat(read("runs/1/hello.txt")).isEqualTo(content);
	}

	@Test
	void putOfUnknownSizeMeasuresTheContent() {
		byte[] content = bytes("size unknown until the end");

		StoredObject stored = store().put("unknown.txt", new ByteArrayInputStream(content), -1);

		assertThat(stored.size()).isEqualTo(content.length);
		assertThat(stored.sha256Hex()).isEqualTo(sha256(content));
		assertThat(read("unknown.txt")).isEqualTo(content);
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, -1 })
	void putOfEmptyContentStoresAnEmptyArtifact(long declaredSize) {
		StoredObject stored = store().put("empty.bin", InputStream.nullInputStream(), declaredSize);

		assertThat(stored).isEqualTo(new StoredObject("empty.bin", 0, TestContent.EMPTY_SHA256));
		assertThat(read("empty.bin")).isEmpty();
		assertThat(store().stat("empty.bin")).hasValueSatisfying((info) -> assertThat(info.size()).isZero());
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void contentLargerThanOnePartRoundTrips(boolean sizeKnown) {
		GeneratedContent content = new GeneratedContent(MULTIPART_SIZE, 42);

		StoredObject stored = store().put("parts.bin", content, sizeKnown ? MULTIPART_SIZE : -1);

		String expected = content.sha256Hex();
		assertThat(stored.size()).isEqualTo(MULTIPART_SIZE);
		assertThat(stored.sha256Hex()).isEqualTo(expected);
		assertThat(measure(store().get("parts.bin"))).isEqualTo(new Measured(MULTIPART_SIZE, expected));
	}

	@Test
	void keysWithSpacesPunctuationAndUnicodeRoundTrip() {
		String key = "dir with space/ünïcødé ñame+plus=equals&amp%25;файл 😀.txt";

		store().put(key, stream("odd names"), -1);

		assertThat(read(key)).isEqualTo(bytes("odd names"));
		assertThat(store().list("dir with space", null, 10).entries())
			.containsExactly(new ListEntry(key, false, bytes("odd names").length));
	}

	@Test
	void putReplacesAnExistingArtifact() {
		store().put("model.pkl", stream("version one, longer"), -1);

		StoredObject stored = store().put("model.pkl", stream("version two"), -1);

		assertThat(stored.sha256Hex()).isEqualTo(sha256(bytes("version two")));
		assertThat(read("model.pkl")).isEqualTo(bytes("version two"));
	}

	@Test
	void contentShorterThanDeclaredFailsAndLeavesNothing() {
		assertThatExceptionOfType(InvalidArtifactRequestException.class)
			.isThrownBy(() -> store().put("short.bin", stream("12345"), 10))
			.withMessage("content of short.bin ended after 5 bytes but 10 were declared");

		assertNothingAt("short.bin");
	}

	@Test
	void contentLongerThanDeclaredFailsAndLeavesNothing() {
		assertThatExceptionOfType(InvalidArtifactRequestException.class)
			.isThrownBy(() -> store().put("long.bin", stream("1234567890"), 5))
			.withMessage("content of long.bin is longer than the declared 5 bytes");

		assertNothingAt("long.bin");
	}

	@Test
	void multipartContentLongerThanDeclaredFailsAndLeavesNothing() {
		assertThatExceptionOfType(InvalidArtifactRequestException.class)
			.isThrownBy(() -> store().put("long.bin", new GeneratedContent(MULTIPART_SIZE + 1, 1), MULTIPART_SIZE))
			.withMessage("content of long.bin is longer than the declared " + MULTIPART_SIZE + " bytes");

		assertNothingAt("long.bin");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, 100, MULTIPART_SIZE })
	void contentThatFailsMidwayLeavesNothingVisible(long goodBytes) {
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> store().put("broken.bin", failingAfter(goodBytes), -1))
			.withMessage(
					"reading the content of broken.bin failed after " + goodBytes + " bytes: connection reset by test");

		assertNothingAt("broken.bin");
	}

	@Test
	void failedReplacementKeepsThePreviousArtifact() {
		store().put("kept.txt", stream("original"), -1);

		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> store().put("kept.txt", failingAfter(100), -1));

		assertThat(read("kept.txt")).isEqualTo(bytes("original"));
	}

	// ranges

	@Test
	void rangeReadsReturnTheRequestedBytes() {
		store().put("digits.txt", stream("0123456789"), 10);

		assertThat(read("digits.txt", 0, 3)).isEqualTo(bytes("012"));
		assertThat(read("digits.txt", 4, 3)).isEqualTo(bytes("456"));
		assertThat(read("digits.txt", 7, -1)).isEqualTo(bytes("789"));
		assertThat(read("digits.txt", 0, -1)).isEqualTo(bytes("0123456789"));
		assertThat(read("digits.txt", 9, 1)).isEqualTo(bytes("9"));
	}

	@Test
	void rangeRunningPastTheEndIsCutAtTheEnd() {
		store().put("digits.txt", stream("0123456789"), 10);

		assertThat(read("digits.txt", 8, 100)).isEqualTo(bytes("89"));
	}

	@Test
	void rangeStartingAtTheEndOrOfLengthZeroIsEmpty() {
		store().put("digits.txt", stream("0123456789"), 10);
		store().put("empty.txt", InputStream.nullInputStream(), 0);

		assertThat(read("digits.txt", 10, -1)).isEmpty();
		assertThat(read("digits.txt", 10, 5)).isEmpty();
		assertThat(read("digits.txt", 3, 0)).isEmpty();
		assertThat(read("empty.txt", 0, 10)).isEmpty();
	}

	@Test
	void rangeStartingBeyondTheEndFails() {
		store().put("digits.txt", stream("0123456789"), 10);

		assertThatExceptionOfType(InvalidArtifactRequestException.class)
			.isThrownBy(() -> store().get("digits.txt", 11, -1))
			.withMessage("offset 11 is beyond the end of digits.txt (10 bytes)");
		assertThatExceptionOfType(InvalidArtifactRequestException.class)
			.isThrownBy(() -> store().get("digits.txt", 50, 0))
			.withMessage("offset 50 is beyond the end of digits.txt (10 bytes)");
	}

	@Test
	void negativeOffsetsAndLengthsAreRejected() {
		store().put("digits.txt", stream("0123456789"), 10);

		assertThatExceptionOfType(InvalidArtifactRequestException.class)
			.isThrownBy(() -> store().get("digits.txt", -1, 5))
			.withMessage("offset must not be negative, was -1 for digits.txt");
		assertThatExceptionOfType(InvalidArtifactRequestException.class)
			.isThrownBy(() -> store().get("digits.txt", 0, -2))
			.withMessage("length must be -1 (to the end) or at least 0, was -2 for digits.txt");
	}

	// stat and not found

	@Test
	void statDescribesAnArtifact() {
		Instant before = Instant.now().minus(Duration.ofMinutes(5));
		store().put("runs/7/metrics.json", stream("{\"loss\": 0.1}"), -1);

		ObjectInfo info = store().stat("runs/7/metrics.json").orElseThrow();

		assertThat(info.key()).isEqualTo("runs/7/metrics.json");
		assertThat(info.size()).isEqualTo(bytes("{\"loss\": 0.1}").length);
		assertThat(info.lastModified()).isBetween(before, Instant.now().plus(Duration.ofMinutes(5)));
	}

	@Test
	void statOfAMissingArtifactOrOfAFolderIsEmpty() {
		store().put("runs/7/metrics.json", stream("{}"), -1);

		assertThat(store().stat("runs/7/other.json")).isEmpty();
		assertThat(store().stat("runs/7")).isEmpty();
	}

	@Test
	void readingAMissingArtifactFailsWithNotFound() {
		store().put("runs/7/metrics.json", stream("{}"), -1);

		assertThatExceptionOfType(ArtifactNotFoundException.class).isThrownBy(() -> store().get("runs/7/missing"))
			.withMessage("artifact not found: runs/7/missing")
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo("runs/7/missing"));
		assertThatExceptionOfType(ArtifactNotFoundException.class)
			.isThrownBy(() -> store().get("runs/7/missing", 5, 5));
		assertThatExceptionOfType(ArtifactNotFoundException.class)
			.isThrownBy(() -> store().get("runs/7/missing", 0, 0));
		assertThatExceptionOfType(ArtifactNotFoundException.class).isThrownBy(() -> store().get("runs/7"));
	}

	// listing

	@Test
	void listShowsOneLevelOfFilesAndFoldersInS3Order() {
		put("r/a.txt", "a");
		put("r/b/c.txt", "c");
		put("r/b-x.txt", "bx");
		put("r/b.txt", "b..");
		put("r/z/d/e.txt", "e");
		put("r/é.txt", "é");
		put("other/x.txt", "x");

		ListPage page = store().list("r", null, 100);

		// '-' and '.' sort before '/', so "b-x.txt" and "b.txt" come before
		// folder "b".
		assertThat(page.entries()).containsExactly(new ListEntry("r/a.txt", false, 1),
				new ListEntry("r/b-x.txt", false, 2), new ListEntry("r/b.txt", false, 3), new ListEntry("r/b", true, 0),
				new ListEntry("r/z", true, 0), new ListEntry("r/é.txt", false, 2));
		assertThat(page.nextPageToken()).isNull();
	}

	@Test
	void listOfTheRootShowsTheTopLevelOnly() {
		put("top.txt", "t");
		put("runs/1/model.pkl", "m");

		assertThat(store().list("", null, 10).entries()).containsExactly(new ListEntry("runs", true, 0),
				new ListEntry("top.txt", false, 1));
		assertThat(store().list(null, null, 10).entries()).hasSize(2);
	}

	@Test
	void listTakesPrefixesWithOrWithoutTrailingSlash() {
		put("runs/1/model.pkl", "m");

		assertThat(store().list("runs/1/", null, 10)).isEqualTo(store().list("runs/1", null, 10));
		assertThat(store().list("runs/1/", null, 10).entries())
			.containsExactly(new ListEntry("runs/1/model.pkl", false, 1));
	}

	@Test
	void listOfAMissingFolderOrOfAFileIsEmpty() {
		put("runs/1/model.pkl", "m");

		assertThat(store().list("runs/2", null, 10)).isEqualTo(new ListPage(List.of(), null));
		assertThat(store().list("runs/1/model.pkl", null, 10)).isEqualTo(new ListPage(List.of(), null));
		assertThat(store().list("run", null, 10)).isEqualTo(new ListPage(List.of(), null));
	}

	@Test
	void listOfAnEmptyStoreIsEmpty() {
		assertThat(store().list("", null, 10)).isEqualTo(new ListPage(List.of(), null));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 5, 26, 27, 28, 1000 })
	void listPagesThroughAFolderWithoutGapsOrRepeats(int pageSize) {
		List<ListEntry> expected = new ArrayList<>();
		for (int i = 0; i < 23; i++) {
			String name = String.format("p/file-%02d.txt", i);
			put(name, "x");
			expected.add(new ListEntry(name, false, 1));
		}
		for (String folder : List.of("p/dir-a", "p/dir-b", "p/file-05.txt.d", "p/zz")) {
			put(folder + "/one", "1");
			put(folder + "/two/three", "3");
			expected.add(new ListEntry(folder, true, 0));
		}
		expected.sort((left, right) -> Listings.ORDER.compare(rawName(left), rawName(right)));

		List<ListEntry> listed = new ArrayList<>();
		String token = null;
		int pages = 0;
		do {
			ListPage page = store().list("p", token, pageSize);
			assertThat(page.entries()).hasSizeLessThanOrEqualTo(pageSize).isNotEmpty();
			listed.addAll(page.entries());
			token = page.nextPageToken();
			pages++;
		}
		while (token != null);

		assertThat(listed).containsExactlyElementsOf(expected);
		assertThat(pages).isEqualTo((expected.size() + pageSize - 1) / pageSize);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 1001 })
	void listRejectsPageSizesOutOfBounds(int pageSize) {
		assertThatExceptionOfType(InvalidArtifactRequestException.class)
			.isThrownBy(() -> store().list("", null, pageSize))
			.withMessage("page size must be between 1 and 1000, was " + pageSize);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not base64!", "_w" })
	void listRejectsMalformedPageTokens(String token) {
		assertThatExceptionOfType(InvalidArtifactRequestException.class).isThrownBy(() -> store().list("", token, 10))
			.withMessage("page token is not valid: " + token);
	}

	// deletion

	@Test
	void deleteRemovesAnArtifact() {
		put("runs/1/a.txt", "a");
		put("runs/1/b.txt", "b");

		store().delete("runs/1/a.txt");

		assertNothingAt("runs/1/a.txt");
		assertThat(read("runs/1/b.txt")).isEqualTo(bytes("b"));
	}

	@Test
	void deleteOfAMissingArtifactOrOfAFolderChangesNothing() {
		put("runs/1/a.txt", "a");

		store().delete("runs/1/missing.txt");
		store().delete("runs/2/missing.txt");
		store().delete("runs/1");
		store().delete("runs/1/a.txt");
		store().delete("runs/1/a.txt");

		assertThat(store().list("", null, 10).entries()).isEmpty();
	}

	@Test
	void deletingTheLastArtifactOfAFolderRemovesTheFolder() {
		put("runs/1/deep/a.txt", "a");
		put("runs/2.txt", "b");

		store().delete("runs/1/deep/a.txt");

		assertThat(store().list("runs", null, 10).entries()).containsExactly(new ListEntry("runs/2.txt", false, 1));
	}

	@Test
	void deletePrefixRemovesEverythingInTheFolderAndNothingElse() {
		put("d/1.txt", "1");
		put("d/2.txt", "2");
		put("d/sub/deeper/3.txt", "3");
		put("d2/x.txt", "x");
		put("dx.txt", "x");
		put("e/d/y.txt", "y");

		long deleted = store().deletePrefix("d/");

		assertThat(deleted).isEqualTo(3);
		assertThat(store().list("", null, 10).entries()).containsExactly(new ListEntry("d2", true, 0),
				new ListEntry("dx.txt", false, 1), new ListEntry("e", true, 0));
		assertThat(store().list("d", null, 10).entries()).isEmpty();
		assertNothingAt("d/sub/deeper/3.txt");
	}

	@Test
	void deletePrefixOfTheRootEmptiesTheStore() {
		put("a.txt", "a");
		put("runs/1/b.txt", "b");

		assertThat(store().deletePrefix("")).isEqualTo(2);

		assertThat(store().list("", null, 10).entries()).isEmpty();
		put("after.txt", "still usable");
		assertThat(read("after.txt")).isEqualTo(bytes("still usable"));
	}

	@Test
	void deletePrefixOfAMissingFolderOrOfAFileDeletesNothing() {
		put("runs/1/a.txt", "a");

		assertThat(store().deletePrefix("runs/2")).isZero();
		assertThat(store().deletePrefix("runs/1/a.txt")).isZero();
		assertThat(store().deletePrefix("run")).isZero();

		assertThat(read("runs/1/a.txt")).isEqualTo(bytes("a"));
	}

	@Test
	void foldersOfMoreThanOneBatchListAndDeleteCompletely() {
		int count = ArtifactStore.MAX_PAGE_SIZE + 5;
		for (int i = 0; i < count; i++) {
			put(String.format("many/%04d", i), "");
		}

		ListPage first = store().list("many", null, ArtifactStore.MAX_PAGE_SIZE);
		ListPage second = store().list("many", first.nextPageToken(), ArtifactStore.MAX_PAGE_SIZE);
		long deleted = store().deletePrefix("many");

		assertThat(first.entries()).hasSize(ArtifactStore.MAX_PAGE_SIZE);
		assertThat(second.entries()).extracting(ListEntry::path)
			.containsExactly("many/1000", "many/1001", "many/1002", "many/1003", "many/1004");
		assertThat(second.nextPageToken()).isNull();
		assertThat(deleted).isEqualTo(count);
		assertThat(store().list("", null, 10).entries()).isEmpty();
	}

	// copy

	@Test
	void copyDuplicatesAnArtifact() {
		put("runs/1/model.pkl", "weights");

		ObjectInfo copy = store().copy("runs/1/model.pkl", "models/churn/1/model.pkl");

		assertThat(copy.key()).isEqualTo("models/churn/1/model.pkl");
		assertThat(copy.size()).isEqualTo(bytes("weights").length);
		assertThat(read("models/churn/1/model.pkl")).isEqualTo(bytes("weights"));
		assertThat(read("runs/1/model.pkl")).isEqualTo(bytes("weights"));
	}

	@Test
	void copyReplacesTheTarget() {
		put("a.txt", "new content");
		put("b.txt", "old");

		store().copy("a.txt", "b.txt");

		assertThat(read("b.txt")).isEqualTo(bytes("new content"));
	}

	@Test
	void copyOfAMissingArtifactFailsWithNotFound() {
		assertThatExceptionOfType(ArtifactNotFoundException.class).isThrownBy(() -> store().copy("missing", "target"))
			.withMessage("artifact not found: missing");

		assertNothingAt("target");
	}

	// keys

	static Stream<Arguments> invalidKeys() {
		return Stream.of(arguments("", "artifact key must not be empty"),
				arguments("a/../b", "artifact key must not contain '..' segments: a/../b"),
				arguments("..", "artifact key must not contain '..' segments: .."),
				arguments("/etc/passwd", "artifact key must be relative, not start with '/': /etc/passwd"),
				arguments("C:/Windows/win.ini", "artifact key must not start with a drive letter: C:/Windows/win.ini"),
				arguments("c:model", "artifact key must not start with a drive letter: c:model"),
				arguments("a\\b", "artifact key must not contain backslashes: a\\b"),
				arguments("a\u0000b",
						"artifact key must not contain control characters (found U+0000 at index 1): a\\u0000b"),
				arguments("line\nbreak",
						"artifact key must not contain control characters (found U+000A at index 4): line\\u000abreak"),
				arguments("del\u007f",
						"artifact key must not contain control characters (found U+007F at index 3): del\\u007f"),
				arguments("a//b", "artifact key must not contain empty segments (a '//' or a trailing '/'): a//b"),
				arguments("a/", "artifact key must not contain empty segments (a '//' or a trailing '/'): a/"),
				arguments("./a", "artifact key must not contain '.' segments: ./a"),
				arguments("a/./b", "artifact key must not contain '.' segments: a/./b"),
				arguments("x".repeat(1025),
						"artifact key must not be longer than 1024 UTF-8 bytes (has 1025): " + "x".repeat(200) + "..."),
				arguments("é".repeat(513),
						"artifact key must not be longer than 1024 UTF-8 bytes (has 1026): " + "é".repeat(200) + "..."),
				arguments("a/" + "y".repeat(256),
						"artifact key must not have a segment longer than 255 UTF-8 bytes (one has 256): a/"
								+ "y".repeat(198) + "..."),
				arguments(".slipway-uploads/x",
						"artifact key must not start with the reserved folder '.slipway-uploads': .slipway-uploads/x"));
	}

	@ParameterizedTest
	@MethodSource("invalidKeys")
	void invalidKeysAreRejectedWithAMessageSayingWhy(String key, String message) {
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().put(key, stream("x"), 1))
			.withMessage(message);

		assertThat(store().list("", null, 10).entries()).isEmpty();
	}

	@Test
	void everyOperationChecksItsKeys() {
		String bad = "a/../b";
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().put(null, stream("x"), 1))
			.withMessage("artifact key must not be null");
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().get(bad));
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().get(bad, 1, 1));
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().stat(bad));
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().delete(bad));
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().copy(bad, "ok"));
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().copy("ok", bad));
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().list(bad, null, 10))
			.withMessage("artifact prefix must not contain '..' segments: a/../b");
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().deletePrefix(bad));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "a//", "../x", "/abs/", ".slipway-uploads" })
	void invalidPrefixesAreRejected(String prefix) {
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().list(prefix, null, 10))
			.withMessageStartingWith("artifact prefix must");
		assertThatExceptionOfType(InvalidArtifactKeyException.class).isThrownBy(() -> store().deletePrefix(prefix))
			.withMessageStartingWith("artifact prefix must");
	}

	// health

	@Test
	void aWorkingStorePassesItsHealthCheck() {
		assertThatNoException().isThrownBy(store()::checkHealth);
		assertThat(store().describe()).isNotBlank();
	}

	// size

	@Test
	@Tag("large")
	@Timeout(value = 10, unit = TimeUnit.MINUTES)
	void streamsTwoGibibytesOfUnknownSizeThroughACappedHeap() {
		// The surefire argLine caps the heap; a buffered 2 GiB artifact could
		// not fit.
		assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(300L << 20);
		GeneratedContent content = new GeneratedContent(LARGE_SIZE, 2024);

		long start = System.nanoTime();
		StoredObject stored = store().put("large/blob.bin", content, -1);
		long uploaded = System.nanoTime();
		Measured readBack = measure(store().get("large/blob.bin"));
		long downloaded = System.nanoTime();

		String expected = content.sha256Hex();
		assertThat(stored).isEqualTo(new StoredObject("large/blob.bin", LARGE_SIZE, expected));
		assertThat(readBack).isEqualTo(new Measured(LARGE_SIZE, expected));
		logger.info("2 GiB through {}: put {} ms, get {} ms", store().describe(), (uploaded - start) / 1_000_000,
				(downloaded - uploaded) / 1_000_000);
		store().delete("large/blob.bin");
		assertNothingAt("large/blob.bin");
	}

	// helpers

	void put(String key, String content) {
		store().put(key, stream(content), bytes(content).length);
	}

	byte[] read(String key) {
		return readAll(store().get(key));
	}

	byte[] read(String key, long offset, long length) {
		return readAll(store().get(key, offset, length));
	}

	void assertNothingAt(String key) {
		assertThat(store().stat(key)).isEmpty();
		assertThatExceptionOfType(ArtifactNotFoundException.class).isThrownBy(() -> store().get(key));
		int slash = key.lastIndexOf('/');
		String folder = (slash < 0) ? "" : key.substring(0, slash);
		assertThat(store().list(folder, null, ArtifactStore.MAX_PAGE_SIZE).entries()).extracting(ListEntry::path)
			.doesNotContain(key);
	}

	private static byte[] readAll(InputStream in) {
		try (in) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String rawName(ListEntry entry) {
		return entry.directory() ? entry.path() + "/" : entry.path();
	}

}
