package dev.slipway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fresh folders for a test's data, under {@code target/} so {@code mvn clean} removes
 * them.
 */
public final class TestFolders {

	private TestFolders() {
	}

	/** A new empty folder whose name starts with {@code name}. */
	public static Path fresh(String name) {
		try {
			Path parent = Files.createDirectories(Path.of("target", "test-data"));
			return Files.createTempDirectory(parent, name + "-").toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
