package dev.slipway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every package of main code, in every module, says in a {@code package-info.java} what
 * it is for, so a newcomer finds a feature's layers by reading one file each.
 */
class PackageDocumentationTest {

	@Test
	void everyMainPackageHasAPackageInfoWithJavadoc() throws IOException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		List<Path> sourceRoots;
		try (Stream<Path> modules = Files.list(root)) {
			sourceRoots = modules.map((module) -> module.resolve("src/main/java")).filter(Files::isDirectory).toList();
		}
		assertThat(sourceRoots).as("module source folders under %s", root).hasSizeGreaterThanOrEqualTo(4);
		List<String> undocumented = sourceRoots.stream().flatMap(PackageDocumentationTest::packages).filter((dir) -> {
			Path info = dir.resolve("package-info.java");
			return !Files.isRegularFile(info) || !read(info).contains("/**");
		}).map((dir) -> root.relativize(dir).toString()).sorted().toList();
		assertThat(undocumented).as("packages without a documented package-info.java").isEmpty();
	}

	private static Stream<Path> packages(Path sourceRoot) {
		try (Stream<Path> files = Files.walk(sourceRoot)) {
			return files.filter((file) -> file.toString().endsWith(".java"))
				.map(Path::getParent)
				.distinct()
				.toList()
				.stream();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
