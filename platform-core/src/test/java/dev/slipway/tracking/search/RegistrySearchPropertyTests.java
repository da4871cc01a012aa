package dev.slipway.tracking.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Properties of the registry searches: any filter or order_by is either accepted or
 * refused with INVALID_ARGUMENT (never another exception), and every filter written from
 * the registry grammars parses to what it says and runs on a real database.
 */
class RegistrySearchPropertyTests {

	private static final List<Grammar> GRAMMARS = List.of(Grammar.REGISTERED_MODELS, Grammar.MODEL_VERSIONS);

	private static final List<String> FRAGMENTS = List.of("name", "version_number", "run_id", "source_path",
			"creation_timestamp", "last_updated_timestamp", "timestamp", "attribute", "attributes", "tag", "tags",
			"metrics", "mlflow.prompt.is_prompt", ".", ".", "`", "`", "\"", "'", "'", "''", "\\", "(", ")", ",", " ",
			" ", " ", "AND", "and", "OR", "IN", "NOT", "LIKE", "ilike", "IS", "ASC", "DESC", "desc", "=", "!=", "<",
			"<=", ">", ">=", "<>", "-", "1", "1.5", "1e3", "9223372036854775808", "%", "_", "true", "false", "é",
			"\u0000", "\ud83d\udca5", "\ud800", ";", "--");

	private static final SearchDatabase[] DATABASES = new SearchDatabase[2];

	@Provide
	Arbitrary<String> anyText() {
		Arbitrary<String> soup = Arbitraries.of(FRAGMENTS).list().ofMaxSize(20).map((parts) -> String.join("", parts));
		Arbitrary<String> chars = Arbitraries.strings().all().ofMaxLength(40);
		Arbitrary<String> damaged = Arbitraries.randomValue((random) -> damage(
				FilterGenerator.generate(GRAMMARS.get(random.nextInt(GRAMMARS.size())), random).text(), random));
		return Arbitraries.oneOf(soup, soup, chars, damaged);
	}

	@Provide
	Arbitrary<Long> seeds() {
		return Arbitraries.longs();
	}

	@Property(tries = 1500)
	void filtersAreAcceptedOrRefusedAsInvalidArguments(@ForAll("anyText") String filter) {
		acceptedOrRefused("filter", () -> RegistrySearch.models(filter, null, 0, 10, null));
		acceptedOrRefused("filter", () -> RegistrySearch.versions(filter, null, 0, 10, "rm.id = 1"));
	}

	@Property(tries = 1000)
	void orderByIsAcceptedOrRefusedAsInvalidArgument(@ForAll("anyText") String orderBy) {
		acceptedOrRefused("order_by", () -> RegistrySearch.models(null, List.of(orderBy), 0, 10, null));
		acceptedOrRefused("order_by", () -> RegistrySearch.versions(null, List.of("name", orderBy), 0, 10, null));
	}

	@Property(tries = 150)
	void writtenFiltersRunOnH2(@ForAll("seeds") long seed) {
		runWrittenFilters(database(SearchDatabase.Kind.H2), new Random(seed));
	}

	@Property(tries = 75)
	void writtenFiltersRunOnPostgresql(@ForAll("seeds") long seed) {
		runWrittenFilters(database(SearchDatabase.Kind.POSTGRESQL), new Random(seed));
	}

	private static void runWrittenFilters(SearchDatabase database, Random random) {
		String models = FilterGenerator.generateStorable(Grammar.REGISTERED_MODELS, random).text();
		String versions = FilterGenerator.generateStorable(Grammar.MODEL_VERSIONS, random).text();
		assertThat(database
			.ids(RegistrySearch.models(models, List.of("timestamp DESC", "creation_timestamp"), 3, 10, "rm.id > 0")))
			.isEmpty();
		assertThat(database.ids(RegistrySearch.versions(versions, List.of("version_number DESC"), 0, 10, null)))
			.isEmpty();
	}

	@AfterContainer
	static void closeDatabases() {
		for (int i = 0; i < DATABASES.length; i++) {
			if (DATABASES[i] != null) {
				DATABASES[i].close();
				DATABASES[i] = null;
			}
		}
	}

	private static synchronized SearchDatabase database(SearchDatabase.Kind kind) {
		if (DATABASES[kind.ordinal()] == null) {
			DATABASES[kind.ordinal()] = SearchDatabase.open(kind);
		}
		return DATABASES[kind.ordinal()];
	}

	/** Drops, repeats or replaces a character, or cuts the text short. */
	private static String damage(String text, Random random) {
		if (text.isEmpty()) {
			return text;
		}
		StringBuilder damaged = new StringBuilder(text);
		int at = random.nextInt(damaged.length());
		switch (random.nextInt(4)) {
			case 0 -> damaged.deleteCharAt(at);
			case 1 -> damaged.insert(at, damaged.charAt(at));
			case 2 -> damaged.setCharAt(at, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())).charAt(0));
			default -> damaged.setLength(at);
		}
		return damaged.toString();
	}

	private static void acceptedOrRefused(String field, Runnable action) {
		try {
			action.run();
		}
		catch (SlipwayException ex) {
			assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
			assertThat(ex.getMessage()).startsWith(field);
		}
		catch (RuntimeException | Error ex) {
			List<String> trace = new ArrayList<>();
			for (StackTraceElement element : ex.getStackTrace()) {
				trace.add(element.toString());
			}
			fail("unexpected " + ex + " at " + String.join(" < ", trace.subList(0, Math.min(5, trace.size()))));
		}
	}

}
