package dev.slipway.tracking.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.Clause;
import dev.slipway.query.FilterGenerator;
import dev.slipway.query.FilterParser;
import dev.slipway.query.Grammar;
import dev.slipway.query.PageToken;
import dev.slipway.registry.RegistryGrammars;
import dev.slipway.registry.RegistrySearch;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Properties of the search grammar, for every MLflow search (runs, experiments, logged
 * models, registered models, model versions): any input is either accepted or refused
 * with INVALID_ARGUMENT (never another exception), and every filter written from the
 * grammar parses to what it says, round-trips, and runs on a real database.
 */
class SearchPropertyTests {

	private static final List<Grammar> GRAMMARS = List.of(TrackingGrammars.RUNS, TrackingGrammars.EXPERIMENTS,
			TrackingGrammars.LOGGED_MODELS, RegistryGrammars.REGISTERED_MODELS, RegistryGrammars.MODEL_VERSIONS);

	private static final List<String> FRAGMENTS = List.of("metrics", "metric", "params", "parameter", "tags", "tag",
			"attributes", "attribute", "attr", "run", "dataset", "datasets", ".", ".", ".", "acc", "run_id", "status",
			"start_time", "created", "Created", "run name", "name", "digest", "context", "creation_time",
			"creation_timestamp", "model_id", "source_run_id", "experiment_id", "`", "`", "\"", "\"", "'", "'", "''",
			"\\", "\\'", "(", ")", ",", " ", " ", " ", "\t", "\n", "AND", "and", "OR", "IN", "in", "NOT", "LIKE",
			"ilike", "IS", "NULL", "ASC", "DESC", "=", "!=", "==", "<", "<=", ">", ">=", "<>", "!", "-", "+", "1",
			"0.5", ".5", "-1", "1e5", "1e", "e", "E", "1e99999999999", "9223372036854775808", "%", "_", "é", "\u0000",
			"\u00a0", "\ud83d\udca5", "\ud800", "#", ";", "--", "/*", "*/", "version_number", "source_path",
			"last_updated_timestamp", "timestamp", "mlflow.prompt.is_prompt", "true", "false", "1.5");

	private static final SearchDatabase[] DATABASES = new SearchDatabase[2];

	@Provide
	Arbitrary<String> anyText() {
		Arbitrary<String> soup = Arbitraries.of(FRAGMENTS).list().ofMaxSize(25).map((parts) -> String.join("", parts));
		Arbitrary<String> chars = Arbitraries.strings().all().ofMaxLength(60);
		Arbitrary<String> clauses = Arbitraries.randomValue((random) -> mutate(validFilter(random), random));
		return Arbitraries.oneOf(soup, soup, chars, clauses);
	}

	@Property(tries = 2000)
	void filtersAreAcceptedOrRefusedAsInvalidArguments(@ForAll("anyText") String filter) {
		for (Grammar grammar : GRAMMARS) {
			acceptedOrRefused("filter", () -> FilterParser.parse(filter, grammar));
		}
		acceptedOrRefused("filter", () -> RunSearch.sql(List.of(1L, 2L), ViewType.ALL, filter, List.of(), 0, 10));
		acceptedOrRefused("filter", () -> ExperimentSearch.sql(ViewType.ALL, filter, null, 0, 10));
		acceptedOrRefused("filter",
				() -> LoggedModelSearch.sql(List.of(1L), filter, null, List.of(new DatasetFilter("d", null)), 0, 10));
		acceptedOrRefused("filter", () -> RegistrySearch.models(filter, null, 0, 10, null));
		acceptedOrRefused("filter", () -> RegistrySearch.versions(filter, null, 0, 10, "rm.id = 1"));
	}

	@Property(tries = 1000)
	void orderByIsAcceptedOrRefusedAsInvalidArgument(@ForAll("anyText") String orderBy) {
		acceptedOrRefused("order_by", () -> RunSearch.sql(List.of(1L), ViewType.ALL, null, List.of(orderBy), 0, 10));
		acceptedOrRefused("order_by", () -> ExperimentSearch.sql(ViewType.ALL, null, List.of(orderBy), 0, 10));
		acceptedOrRefused("order_by", () -> LoggedModelSearch.sql(List.of(1L), null,
				List.of(new LoggedModelOrder(orderBy, null, orderBy, null)), null, 0, 10));
		acceptedOrRefused("order_by", () -> RegistrySearch.models(null, List.of(orderBy), 0, 10, null));
		acceptedOrRefused("order_by", () -> RegistrySearch.versions(null, List.of("name", orderBy), 0, 10, null));
	}

	@Property(tries = 1000)
	void pageTokensAndViewTypesAreAcceptedOrRefusedAsInvalidArgument(@ForAll("anyText") String text) {
		acceptedOrRefused("page_token", () -> PageToken.decode(text));
		acceptedOrRefused("page_token", () -> PageToken.decode(
				Base64.getEncoder().encodeToString(("{\"offset\": " + text + "}").getBytes(StandardCharsets.UTF_8))));
		acceptedOrRefused("view_type", () -> ViewType.parse(text));
	}

	@Provide
	Arbitrary<Long> seeds() {
		return Arbitraries.longs();
	}

	@Property(tries = 1000)
	void writtenFiltersParseToWhatTheySayAndRoundTrip(@ForAll("seeds") long seed) {
		Random random = new Random(seed);
		for (Grammar grammar : GRAMMARS) {
			FilterGenerator.Generated generated = FilterGenerator.generate(grammar, random);
			List<Clause> parsed = FilterParser.parse(generated.text(), grammar);
			assertThat(parsed).as(generated.text()).isEqualTo(generated.clauses());
			String canonical = FilterGenerator.render(parsed, grammar);
			assertThat(FilterParser.parse(canonical, grammar)).as(canonical).isEqualTo(generated.clauses());
		}
	}

	@Property(tries = 200)
	void writtenFiltersRunOnH2(@ForAll("seeds") long seed) {
		runWrittenFilters(database(SearchDatabase.Kind.H2), new Random(seed));
	}

	@Property(tries = 100)
	@Requires(Requirement.POSTGRESQL)
	void writtenFiltersRunOnPostgresql(@ForAll("seeds") long seed) {
		runWrittenFilters(database(SearchDatabase.Kind.POSTGRESQL), new Random(seed));
	}

	private static void runWrittenFilters(SearchDatabase database, Random random) {
		String runs = FilterGenerator.generateStorable(TrackingGrammars.RUNS, random).text();
		String experiments = FilterGenerator.generateStorable(TrackingGrammars.EXPERIMENTS, random).text();
		String models = FilterGenerator.generateStorable(TrackingGrammars.LOGGED_MODELS, random).text();
		List<String> order = List.of("metrics.`a b`", "params.p DESC", "tags.t", "end_time DESC");
		assertThat(database.ids(RunSearch.sql(List.of(1L, 2L), ViewType.ALL, runs, order, 3, 10))).isEmpty();
		assertThat(database.ids(ExperimentSearch.sql(ViewType.ALL, experiments, List.of("name"), 0, 10))).isNotNull();
		assertThat(database.ids(LoggedModelSearch.sql(List.of(1L), models,
				List.of(LoggedModelOrder.of("metrics.m", false), LoggedModelOrder.of("source_run_id", true)),
				List.of(new DatasetFilter("d", "x")), 0, 10)))
			.isEmpty();
		String registeredModels = FilterGenerator.generateStorable(RegistryGrammars.REGISTERED_MODELS, random).text();
		String versions = FilterGenerator.generateStorable(RegistryGrammars.MODEL_VERSIONS, random).text();
		assertThat(database.ids(RegistrySearch.models(registeredModels, List.of("timestamp DESC", "creation_timestamp"),
				3, 10, "rm.id > 0")))
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

	private static String validFilter(Random random) {
		return FilterGenerator.generate(GRAMMARS.get(random.nextInt(GRAMMARS.size())), random).text();
	}

	/**
	 * Damages a valid filter a little: drops, repeats or swaps a character or cuts it
	 * short.
	 */
	private static String mutate(String text, Random random) {
		if (text.isEmpty()) {
			return text;
		}
		StringBuilder damaged = new StringBuilder(text);
		int at = random.nextInt(damaged.length());
		switch (random.nextInt(5)) {
			case 0 -> damaged.deleteCharAt(at);
			case 1 -> damaged.insert(at, damaged.charAt(at));
			case 2 -> damaged.setCharAt(at, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())).charAt(0));
			case 3 -> damaged.setLength(at);
			default -> damaged.insert(at, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
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
