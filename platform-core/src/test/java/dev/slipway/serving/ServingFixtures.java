package dev.slipway.serving;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The test models under {@code src/test/resources/serving/} and what scikit-learn gave.
 */
final class ServingFixtures {

	private ServingFixtures() {
	}

	static Path folder(String name) {
		try {
			return Path.of(ServingFixtures.class.getResource("/serving/" + name).toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static ModelPackage modelPackage(String name) {
		return ModelPackages.read(name, 1, folder(name));
	}

	/** {@code expected.json}: the input rows and each output as scikit-learn gave it. */
	static JsonNode expected(String name) {
		try {
			return ServingJson.JSON.readTree(Files.readString(folder(name).resolve("expected.json")));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The expected input rows as a frame of doubles. */
	static Frame frame(JsonNode expected) {
		List<String> columns = new ArrayList<>();
		expected.get("columns").forEach((c) -> columns.add(c.stringValue()));
		List<List<Object>> rows = new ArrayList<>();
		for (JsonNode row : expected.get("rows")) {
			List<Object> values = new ArrayList<>();
			row.forEach((v) -> values.add(v.doubleValue()));
			rows.add(values);
		}
		return new Frame(columns, rows);
	}

}
