package dev.slipway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature boundaries hold: no cycles between the top-level feature packages, and no
 * feature reaches into another one's internal sub-packages. The same model of the modules
 * is written to {@code docs/modules} (PlantUML diagrams and AsciiDoc module canvases),
 * which {@code docs/architecture.md} links to; the files are committed, so a change of
 * the module structure shows in the diff.
 */
class ModularityTests {

	/** Where the module documentation goes: the repository's {@code docs/modules}. */
	static final Path DOCUMENTATION = Path.of("..", "docs", "modules");

	/**
	 * The application's modules. The core's test support reaches this classpath as a jar
	 * in a full build (as classes, and so ignored, in a build of this module alone); it
	 * is not part of the application either way.
	 */
	static final ApplicationModules MODULES = ApplicationModules.of(SlipwayApplication.class,
			JavaClass.Predicates.resideInAPackage("dev.slipway.testsupport.."));

	@Test
	void featureBoundariesHold() {
		MODULES.verify();
	}

	@Test
	void writesTheModuleDocumentation() throws IOException {
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DOCUMENTATION.toString()))
			.writeDocumentation();
		try (Stream<Path> diagrams = Files.list(DOCUMENTATION)) {
			for (Path diagram : diagrams.filter((file) -> file.toString().endsWith(".puml")).toList()) {
				Files.write(diagram, inStableOrder(Files.readAllLines(diagram)));
			}
		}
		assertThat(DOCUMENTATION.resolve("components.puml")).isNotEmptyFile();
		assertThat(DOCUMENTATION.resolve("module-registry.puml")).isNotEmptyFile();
		assertThat(DOCUMENTATION.resolve("all-docs.adoc")).isNotEmptyFile();
	}

	/**
	 * The diagram with each run of element and relation lines sorted: the Documenter
	 * writes them in hash order, which differs from run to run, and the committed files
	 * should change only when the modules do.
	 */
	static List<String> inStableOrder(List<String> lines) {
		List<String> stable = new ArrayList<>();
		List<String> run = new ArrayList<>();
		for (String line : lines) {
			if (line.strip().startsWith("Rel(") || line.strip().startsWith("Component(")) {
				run.add(line);
				continue;
			}
			Collections.sort(run);
			stable.addAll(run);
			run.clear();
			stable.add(line);
		}
		Collections.sort(run);
		stable.addAll(run);
		return stable;
	}

}
