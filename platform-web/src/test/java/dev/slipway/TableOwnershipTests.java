package dev.slipway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.slipway.system.OwnsTables;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every table has one owning feature ({@link OwnsTables} on the feature's package), and
 * no feature's main code, in any Maven module, names another feature's table in SQL. A
 * Java-level {@code verify()} cannot see a cross-feature join, so this reads the SQL
 * text: the string literals and text blocks of each feature package (joined, so SQL built
 * from several literals reads as one), where a table name follows {@code FROM},
 * {@code JOIN}, {@code UPDATE}, {@code INTO}, {@code TABLE} or {@code REFERENCES} or
 * stands in a {@code FROM} list. A literal that is a compound table name alone
 * ({@code "run_tags"}: a table handed to shared SQL, or a JPA {@code @Table(name = ...)})
 * counts too; a one-word name alone ({@code "runs"}) is too often a JSON key or a filter
 * word to count.
 */
class TableOwnershipTests {

	private static final Pattern CREATE_TABLE = Pattern
		.compile("(?i)\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)");

	/**
	 * A table after a keyword that introduces one, with the further tables of a
	 * {@code FROM a x, b y} list; {@code from runs:/} is a URI in a message, not SQL.
	 */
	private static final Pattern TABLE_AFTER_KEYWORD = Pattern
		.compile("(?i)\\b(?:FROM|JOIN|UPDATE|INTO|TABLE|REFERENCES)\\s+(\\w+)(?!:/)"
				+ "(?=((?:\\s+(?:AS\\s+)?\\w+)?(?:\\s*,\\s*\\w+(?:\\s+(?:AS\\s+)?\\w+)?)*))");

	private static final Pattern LISTED_TABLE = Pattern.compile(",\\s*(\\w+)");

	@Test
	void everyTableHasOneOwner() {
		Set<String> tables = migratedTables();
		Map<String, List<String>> owners = new TreeMap<>();
		featureSources().keySet()
			.forEach((feature) -> ownedTables(feature)
				.forEach((table) -> owners.computeIfAbsent(table, (t) -> new ArrayList<>()).add(feature)));
		assertThat(tables).as("tables the migrations create").isNotEmpty();
		assertThat(owners.keySet()).as("@OwnsTables names only tables the migrations create").isSubsetOf(tables);
		assertThat(tables).as("every table has an owner in an @OwnsTables").isSubsetOf(owners.keySet());
		assertThat(owners.entrySet().stream().filter((entry) -> entry.getValue().size() > 1).map(Object::toString))
			.as("tables with more than one owner")
			.isEmpty();
	}

	@Test
	void noFeatureNamesAnotherFeaturesTableInSql() {
		Set<String> tables = migratedTables();
		List<String> leaks = new ArrayList<>();
		featureSources().forEach((feature, files) -> {
			Set<String> owned = ownedTables(feature);
			for (Path file : files) {
				for (Mention mention : mentions(read(file), tables)) {
					if (!owned.contains(mention.table())) {
						leaks.add(relative(file) + ":" + mention.line() + " " + feature + " names " + mention.table());
					}
				}
			}
		});
		assertThat(leaks).as("SQL naming another feature's table (ask the owner's service instead)").isEmpty();
	}

	@Test
	void theScannerFindsTablesInEveryShapeOfSql() {
		Set<String> tables = Set.of("runs", "run_tags", "datasets", "registered_models", "platform_instance");
		String source = """
				class Example {
					// SELECT * FROM registered_models: comments are not SQL
					String a = "SELECT t.tag_key FROM run_tags t JOIN runs r ON r.id = t.run_id";
					String b = "SELECT id FROM " + "registered_models WHERE name = ? FOR UPDATE";
					String c = \"""
							SELECT d.name
							FROM datasets d, runs r
							\""";
					String d = tags("run_tags");
					char e = '"';
					String f = "Runs of the experiment; register from runs:/<run>";
					String g = "metrics";
				}
				@Table(name = "platform_instance")
				""";
		assertThat(mentions(source, tables)).containsExactly(new Mention("run_tags", 3), new Mention("runs", 3),
				new Mention("registered_models", 4), new Mention("datasets", 7), new Mention("runs", 7),
				new Mention("run_tags", 9), new Mention("platform_instance", 14));
	}

	/** A table named in a source file, at a line. */
	record Mention(String table, int line) {
	}

	/** The tables the SQL of one Java source names, in order. */
	static List<Mention> mentions(String source, Set<String> tables) {
		Literals literals = Literals.of(source);
		List<Mention> mentions = new ArrayList<>();
		Matcher keyword = TABLE_AFTER_KEYWORD.matcher(literals.text());
		while (keyword.find()) {
			add(mentions, tables, keyword.group(1), literals.line(keyword.start(1)));
			Matcher listed = LISTED_TABLE.matcher(keyword.group(2));
			while (listed.find()) {
				add(mentions, tables, listed.group(1), literals.line(keyword.start(2) + listed.start(1)));
			}
		}
		for (int i = 0; i < literals.values().size(); i++) {
			String value = literals.values().get(i).strip();
			if (value.indexOf('_') > 0) {
				add(mentions, tables, value, literals.valueLines().get(i));
			}
		}
		mentions.sort((a, b) -> Integer.compare(a.line(), b.line()));
		return mentions;
	}

	private static void add(List<Mention> mentions, Set<String> tables, String word, int line) {
		String table = word.toLowerCase(java.util.Locale.ROOT);
		if (tables.contains(table)) {
			mentions.add(new Mention(table, line));
		}
	}

	/**
	 * The string literals and text blocks of a source, joined by spaces (so SQL built
	 * from several literals reads as one text), with the line each character came from.
	 */
	record Literals(String text, int[] lines, List<String> values, List<Integer> valueLines) {

		int line(int offset) {
			return this.lines[Math.min(offset, this.lines.length - 1)];
		}

		static Literals of(String source) {
			StringBuilder text = new StringBuilder();
			List<Integer> lines = new ArrayList<>();
			List<String> values = new ArrayList<>();
			List<Integer> valueLines = new ArrayList<>();
			int line = 1;
			int i = 0;
			while (i < source.length()) {
				char c = source.charAt(i);
				if (c == '\n') {
					line++;
					i++;
				}
				else if (source.startsWith("//", i)) {
					i = source.indexOf('\n', i);
					i = (i < 0) ? source.length() : i;
				}
				else if (source.startsWith("/*", i)) {
					int end = source.indexOf("*/", i + 2);
					end = (end < 0) ? source.length() : end + 2;
					line += count(source, i, end);
					i = end;
				}
				else if (c == '\'') {
					int end = i + 1;
					while (end < source.length() && source.charAt(end) != '\'') {
						end += (source.charAt(end) == '\\') ? 2 : 1;
					}
					i = end + 1;
				}
				else if (c == '"') {
					boolean block = source.startsWith("\"\"\"", i);
					int start = i + (block ? 3 : 1);
					int end = start;
					while (end < source.length()
							&& !(block ? source.startsWith("\"\"\"", end) : source.charAt(end) == '"')) {
						end += (source.charAt(end) == '\\') ? 2 : 1;
					}
					StringBuilder value = new StringBuilder();
					int valueLine = line;
					for (int k = start; k < end && k < source.length(); k++) {
						char ch = source.charAt(k);
						value.append(ch);
						text.append(ch);
						lines.add(line);
						if (ch == '\n') {
							line++;
						}
					}
					text.append(' ');
					lines.add(line);
					values.add(value.toString());
					valueLines.add(valueLine);
					i = end + (block ? 3 : 1);
				}
				else {
					i++;
				}
			}
			return new Literals(text.toString(), lines.stream().mapToInt(Integer::intValue).toArray(), values,
					valueLines);
		}

		private static int count(String source, int from, int to) {
			int newlines = 0;
			for (int k = from; k < to; k++) {
				if (source.charAt(k) == '\n') {
					newlines++;
				}
			}
			return newlines;
		}

	}

	/** The tables the migrations create, on either database. */
	static Set<String> migratedTables() {
		Set<String> tables = new TreeSet<>();
		try {
			for (Resource migration : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:db/migration/**/*.sql")) {
				Matcher create = CREATE_TABLE.matcher(migration.getContentAsString(StandardCharsets.UTF_8));
				while (create.find()) {
					tables.add(create.group(1).toLowerCase(java.util.Locale.ROOT));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return tables;
	}

	/** The tables a feature's package declares it owns; none for a package without. */
	static Set<String> ownedTables(String feature) {
		try {
			OwnsTables owns = Class.forName("dev.slipway." + feature + ".package-info").getAnnotation(OwnsTables.class);
			return (owns != null) ? Set.of(owns.value()) : Set.of();
		}
		catch (ClassNotFoundException ex) {
			return Set.of();
		}
	}

	/**
	 * The main Java sources of every Maven module, by feature: the first package below
	 * {@code dev.slipway}.
	 */
	static Map<String, List<Path>> featureSources() {
		Map<String, List<Path>> sources = new LinkedHashMap<>();
		List<Path> roots = sourceRoots();
		assertThat(roots).as("the main source folders of the Maven modules").hasSizeGreaterThanOrEqualTo(4);
		for (Path root : roots) {
			try (Stream<Path> files = Files.walk(root)) {
				files.filter((file) -> file.toString().endsWith(".java"))
					.filter((file) -> root.relativize(file).getNameCount() > 1)
					.sorted()
					.forEach((file) -> sources
						.computeIfAbsent(root.relativize(file).getName(0).toString(), (feature) -> new ArrayList<>())
						.add(file));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return sources;
	}

	private static List<Path> sourceRoots() {
		Path project = Path.of("").toAbsolutePath().getParent();
		try (Stream<Path> modules = Files.list(project)) {
			return modules.map((module) -> module.resolve("src/main/java/dev/slipway"))
				.filter(Files::isDirectory)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String relative(Path file) {
		return Path.of("").toAbsolutePath().getParent().relativize(file).toString();
	}

}
