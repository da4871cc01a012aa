package dev.slipway.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.slipway.storage.TestContent.failingAfter;
import static dev.slipway.storage.TestContent.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LocalArtifactStoreTest extends ArtifactStoreContract {

	@TempDir
	Path root;

	private LocalArtifactStore store;

	@BeforeEach
	void openStore() {
		this.store = new LocalArtifactStore(this.root);
	}

	@Override
	protected ArtifactStore store() {
		return this.store;
	}

	@Test
	void failedUploadsLeaveNoTemporaryFiles() throws IOException {
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> this.store.put("broken.bin", failingAfter(300_000), -1));
		assertThatExceptionOfType(InvalidArtifactRequestException.class)
			.isThrownBy(() -> this.store.put("short.bin", stream("abc"), 4));

		assertThat(filesIn(uploads())).isZero();
	}

	@Test
	void symbolicLinksLeadingOutsideTheRootAreRefused(@TempDir Path outside) throws IOException {
		Files.writeString(outside.resolve("secret.txt"), "secret");
		Files.createSymbolicLink(this.root.resolve("link"), outside);

		assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(() -> this.store.get("link/secret.txt"))
			.withMessage("artifact key link/secret.txt leads outside the artifact folder through a symbolic link");
		assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(() -> this.store.stat("link/secret.txt"));
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> this.store.put("link/sub/new.txt", stream("x"), 1));
		assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(() -> this.store.list("link", null, 10));
		assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(() -> this.store.deletePrefix("link"));
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> this.store.copy("link/secret.txt", "stolen.txt"));

		assertThat(outside.resolve("sub")).doesNotExist();
		assertThat(outside.resolve("secret.txt")).hasContent("secret");
	}

	@Test
	void unfinishedUploadsOlderThanADayAreRemovedOnOpening() throws IOException {
		Path stale = Files.writeString(uploads().resolve("upload-1.part"), "crashed");
		Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
		Path recent = Files.writeString(uploads().resolve("upload-2.part"), "in progress");

		new LocalArtifactStore(this.root);

		assertThat(stale).doesNotExist();
		assertThat(recent).exists();
	}

	@Test
	void namesNoKeyCouldReachAreNotListed() throws IOException {
		Files.writeString(this.root.resolve("back\\slash"), "x");
		Files.writeString(this.root.resolve("ok.txt"), "x");

		assertThat(this.store.list("", null, 10).entries()).containsExactly(new ListEntry("ok.txt", false, 1));
	}

	@Test
	void healthCheckFailsOnceTheFolderIsGone() throws IOException {
		Path realRoot = this.root.toRealPath();
		deleteRecursively(this.root);

		assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(this.store::checkHealth)
			.withMessage("artifact folder " + realRoot + " does not exist");
	}

	@Test
	void aKeyBelowAFileIsNotFound() {
		this.store.put("model.pkl", stream("x"), 1);

		// S3 answers 404 here too; s3proxy's file-system backend answers 500,
		// so this is checked for the local store only.
		assertThat(this.store.stat("model.pkl/below")).isEmpty();
		assertThatExceptionOfType(ArtifactNotFoundException.class).isThrownBy(() -> this.store.get("model.pkl/below"));
	}

	@Test
	void describeNamesTheFolder() throws IOException {
		assertThat(this.store.describe()).isEqualTo("local folder " + this.root.toRealPath());
	}

	@Test
	void aFileInTheWayOfAFolderIsReported() {
		this.store.put("model", stream("x"), 1);

		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> this.store.put("model/weights.bin", stream("y"), 1))
			.withMessageStartingWith("cannot store model/weights.bin in local folder ");
	}

	private Path uploads() {
		return this.root.resolve(ArtifactKeys.RESERVED_SEGMENT);
	}

	private static long filesIn(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.count();
		}
	}

	private static void deleteRecursively(Path folder) throws IOException {
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
				Files.delete(path);
			}
		}
	}

}
