package dev.slipway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Fresh folders for a test's data, under {@code target/} so {@code mvn clean} removes
 * them.
 */
public final class TestFolders {

	private TestFolders() {
	}

	/**
	 * Gives a Spring test's Slipway a new empty data folder ({@code slipway.data-dir}).
	 */
	public static void registerDataDir(DynamicPropertyRegistry registry, String name) {
		String folder = fresh(name).toString();
		registry.add("slipway.data-dir", () -> folder);
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
