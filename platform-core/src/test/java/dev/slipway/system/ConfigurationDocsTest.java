package dev.slipway.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings pages against the settings themselves: the configuration metadata that the
 * build generates from the records (their {@code @DefaultValue}s and Javadoc) and
 * {@code application.yml} for the few {@code server.*} settings. Every {@code slipway.*}
 * setting is on docs/configuration.md, every default a page states is the code's, and
 * every documented variable reaches the property the page names.
 */
class ConfigurationDocsTest {

	private static final Path DOCS = Path.of("..", "docs");

	private static final Path APPLICATION_YML = Path.of("..", "platform-web", "src", "main", "resources",
			"application.yml");

	/** A default cell that states a value: exactly one code span. */
	private static final Pattern LITERAL = Pattern.compile("`([^`]*)`");

	private static final Map<String, Setting> SETTINGS = settings();

	private static final List<Row> ROWS = rows();

	@Test
	void everySettingHasADescription() {
		assertThat(SETTINGS.values()).filteredOn((setting) -> setting.description().isBlank())
			.as("settings without Javadoc on their record field")
			.isEmpty();
	}

	@Test
	void everySettingIsOnTheConfigurationPage() {
		Set<String> documented = ROWS.stream()
			.filter((row) -> row.page().equals("configuration.md"))
			.map(Row::property)
			.collect(Collectors.toSet());
		Set<String> missing = new TreeSet<>(SETTINGS.keySet());
		missing.removeAll(documented);
		assertThat(missing).as("settings missing from docs/configuration.md").isEmpty();
	}

	@Test
	void everyDocumentedPropertyExists() {
		Map<String, Object> serverDefaults = serverDefaults();
		assertThat(ROWS)
			.filteredOn((row) -> !SETTINGS.containsKey(row.property()) && !serverDefaults.containsKey(row.property()))
			.as("documented properties that no record or application.yml has")
			.isEmpty();
	}

	@Test
	void everyDocumentedDefaultIsTheCodes() {
		Map<String, Object> serverDefaults = serverDefaults();
		List<String> wrong = new ArrayList<>();
		for (Row row : ROWS) {
			Setting setting = SETTINGS.get(row.property());
			String expected = (setting != null) ? setting.defaultValue() : text(serverDefaults.get(row.property()));
			Matcher literal = LITERAL.matcher(row.defaultCell());
			String stated = literal.matches() ? literal.group(1) : null;
			if (expected != null && !expected.equals(stated)) {
				wrong.add(row + ": the code's default is `" + expected + "`");
			}
			else if (expected == null && stated != null) {
				wrong.add(row + ": the code has no default");
			}
		}
		assertThat(wrong).isEmpty();
	}

	@Test
	void everyDocumentedVariableBindsToItsProperty() {
		Map<String, Object> variables = new LinkedHashMap<>();
		ROWS.stream()
			.filter((row) -> row.variable() != null)
			.forEach((row) -> variables.put(row.variable(), row.variable().toLowerCase(Locale.ROOT)));
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		new SettingVariables().postProcessEnvironment(environment, new SpringApplication());
		Binder binder = Binder.get(environment);

		assertThat(ROWS).filteredOn((row) -> row.variable() != null).allSatisfy((row) -> {
			String bound = binder.bind(row.property(), Bindable.of(String.class)).orElse(null);
			assertThat(bound).as(row.variable() + " binds " + row.property())
				.isEqualTo(row.variable().toLowerCase(Locale.ROOT));
		});
	}

	/**
	 * The {@code slipway.*} settings of the generated configuration metadata, by
	 * property.
	 */
	private static Map<String, Setting> settings() {
		Map<String, Setting> settings = new LinkedHashMap<>();
		JsonMapper json = JsonMapper.builder().build();
		try {
			for (URL url : Collections.list(ConfigurationDocsTest.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = url.openStream()) {
					for (JsonNode property : json.readTree(in).path("properties").values()) {
						String name = property.path("name").asString();
						if (name.startsWith("slipway.")) {
							settings.put(name,
									new Setting(name, property.path("description").asString(""), listAsWritten(
											property.path("type").asString(""), text(property.get("defaultValue")))));
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(settings)
			.as("slipway.* settings in META-INF/spring-configuration-metadata.json "
					+ "(written by spring-boot-configuration-processor)")
			.isNotEmpty();
		return settings;
	}

	/** The values {@code application.yml} gives {@code server.*} properties. */
	private static Map<String, Object> serverDefaults() {
		try {
			Map<String, Object> defaults = new LinkedHashMap<>();
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml",
					new FileSystemResource(APPLICATION_YML))) {
				Object properties = source.getSource();
				((Map<?, ?>) properties).forEach((name, value) -> {
					if (name.toString().startsWith("server.")) {
						defaults.put(name.toString(), value);
					}
				});
			}
			return defaults;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Every row of a table with a "Default" column on the pages in docs/, with the
	 * property it documents: the "Property" column, or the one the variable binds.
	 */
	private static List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		try (Stream<Path> pages = Files.list(DOCS)) {
			for (Path page : pages.filter((path) -> path.toString().endsWith(".md")).sorted().toList()) {
				List<String> header = null;
				for (String line : Files.readAllLines(page)) {
					if (!line.startsWith("|")) {
						header = null;
						continue;
					}
					List<String> cells = cells(line);
					if (header == null) {
						header = cells;
						continue;
					}
					if (!header.contains("Default") || cells.stream().allMatch((cell) -> cell.matches("-*"))) {
						continue;
					}
					String variable = code(cell(header, cells, "Variable", "Environment variable"));
					String property = code(cell(header, cells, "Property"));
					if (property == null && variable != null) {
						property = propertyOf(variable);
					}
					if (property != null) {
						rows.add(new Row(page.getFileName().toString(), variable, property,
								cells.get(header.indexOf("Default"))));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(rows).as("settings tables in docs/").isNotEmpty();
		return rows;
	}

	/** The property a documented variable names, by the rule SettingVariables follows. */
	private static String propertyOf(String variable) {
		String alias = SettingVariables.PROPERTIES.get(variable);
		if (alias != null) {
			return alias;
		}
		return SETTINGS.keySet()
			.stream()
			.filter((
					property) -> property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_').equals(variable))
			.findFirst()
			.orElse(variable);
	}

	private static List<String> cells(String line) {
		String inner = line.strip().replaceAll("^\\|", "").replaceAll("\\|$", "");
		return Stream.of(inner.split("\\|", -1)).map(String::strip).toList();
	}

	private static String cell(List<String> header, List<String> cells, String... names) {
		for (String name : names) {
			int index = header.indexOf(name);
			if (index >= 0 && index < cells.size()) {
				return cells.get(index);
			}
		}
		return null;
	}

	/** The content of a cell that is one code span, such as {@code `SLIPWAY_PORT`}. */
	private static String code(String cell) {
		if (cell == null) {
			return null;
		}
		Matcher literal = LITERAL.matcher(cell);
		return literal.matches() ? literal.group(1) : null;
	}

	/**
	 * A list default as a variable writes it: the processor states {@code @DefaultValue({
	 * "a", "b" })} as the text {@code [a, b]}.
	 */
	private static String listAsWritten(String type, String value) {
		if (value != null && type.startsWith("java.util.List<") && value.startsWith("[") && value.endsWith("]")) {
			return value.substring(1, value.length() - 1).replace(", ", ",");
		}
		return value;
	}

	/** A default as the pages write it: lists comma-separated. */
	private static String text(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof JsonNode node) {
			if (node.isArray()) {
				return node.values().stream().map(JsonNode::asString).collect(Collectors.joining(","));
			}
			return node.asString();
		}
		return value.toString();
	}

	/** One setting of the configuration metadata. */
	record Setting(String property, String description, String defaultValue) {
	}

	/** One documented setting: a table row. */
	record Row(String page, String variable, String property, String defaultCell) {

		@Override
		public String toString() {
			return this.page + " " + ((this.variable != null) ? this.variable : this.property) + " (default "
					+ this.defaultCell + ")";
		}

	}

}
