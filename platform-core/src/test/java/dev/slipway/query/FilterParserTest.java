package dev.slipway.query;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.tracking.search.LoggedModelOrder;
import dev.slipway.tracking.search.LoggedModelSearch;
import dev.slipway.tracking.search.RunSearch;
import dev.slipway.tracking.search.TrackingGrammars;
import dev.slipway.tracking.search.ViewType;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter and order_by grammar, clause by clause and error by error. */
class FilterParserTest {

	static List<Clause> runs(String filter) {
		return FilterParser.parse(filter, TrackingGrammars.RUNS);
	}

	static Clause one(String filter) {
		List<Clause> clauses = runs(filter);
		assertThat(clauses).hasSize(1);
		return clauses.get(0);
	}

	static AbstractThrowableAssert<?, ? extends Throwable> rejects(String filter, Grammar grammar) {
		return assertThatThrownBy(() -> FilterParser.parse(filter, grammar)).isInstanceOfSatisfying(
				SlipwayException.class, (ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
	}

	static AbstractThrowableAssert<?, ? extends Throwable> rejects(String filter) {
		return rejects(filter, TrackingGrammars.RUNS);
	}

	static Clause clause(Entity entity, String key, Operator operator, String text) {
		return new Clause(entity, key, operator, new Value.Text(text));
	}

	static Clause number(Entity entity, String key, Operator operator, String literal) {
		return new Clause(entity, key, operator, new Value.Decimal(new BigDecimal(literal)));
	}

	@Nested
	class Structure {

		@Test
		void emptyAndBlankFiltersHaveNoClauses() {
			assertThat(runs(null)).isEmpty();
			assertThat(runs("")).isEmpty();
			assertThat(runs(" \t\n\u00a0")).isEmpty();
		}

		@Test
		void clausesJoinWithAndInAnyCase() {
			assertThat(runs("metrics.a > 1 AND params.b = 'x' and tags.c != 'y' And attributes.status = 'FAILED'"))
				.containsExactly(number(Entity.METRIC, "a", Operator.GT, "1"),
						clause(Entity.PARAM, "b", Operator.EQ, "x"), clause(Entity.TAG, "c", Operator.NE, "y"),
						clause(Entity.ATTRIBUTE, "status", Operator.EQ, "FAILED"));
		}

		@Test
		void whitespaceIsOptionalAroundSymbolsAndFreeElsewhere() {
			Clause expected = number(Entity.METRIC, "acc", Operator.GE, "0.5");
			assertThat(runs("metrics.acc>=0.5")).containsExactly(expected);
			assertThat(runs("\t metrics.acc \n>=\r\n 0.5  ")).containsExactly(expected);
			assertThat(runs("metrics.acc\u00a0>=\u20030.5")).containsExactly(expected);
			assertThat(runs("params.p LIKE'a%'AND run_id IN('x')")).containsExactly(
					clause(Entity.PARAM, "p", Operator.LIKE, "a%"),
					new Clause(Entity.ATTRIBUTE, "run_id", Operator.IN, new Value.TextList(List.of("x"))));
		}

		@Test
		void orIsRejected() {
			rejects("metrics.a > 1 OR metrics.b < 2")
				.hasMessage("filter: OR at position 14 is not supported; clauses combine with AND only");
		}

		@Test
		void parenthesesAreRejected() {
			rejects("(metrics.a > 1)").hasMessage(
					"filter: parenthesis at position 0 is not supported; clauses combine with AND only, without grouping");
		}

		@Test
		void danglingAndIsRejected() {
			rejects("metrics.a > 1 AND").hasMessage("filter: expected a clause at the end of the filter");
			rejects("AND metrics.a > 1").hasMessage(
					"filter: unexpected token 'AND' at position 0: expected a clause such as metrics.accuracy > 0.9");
			rejects("metrics.a > 1 and and metrics.b > 1").hasMessage(
					"filter: unexpected token 'and' at position 18: expected a clause such as metrics.accuracy > 0.9");
		}

		@Test
		void clausesNeedAndBetweenThem() {
			rejects("metrics.a > 1 metrics.b < 2").hasMessage(
					"filter: unexpected token 'metrics.b' at position 14: expected AND or the end of the filter");
		}

		@Test
		void incompleteClauses() {
			rejects("metrics.acc").hasMessage(
					"filter: expected a comparator at the end of the filter; expected one of =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN");
			rejects("metrics.acc >")
				.hasMessage("filter: expected a value after the comparator at the end of the filter");
			rejects("metrics.acc >= >= 1")
				.hasMessage("filter: unexpected token '>=' at position 15: expected a value after the comparator");
			rejects("metrics.acc 1").hasMessage(
					"filter: unexpected token '1' at position 12: expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)");
			rejects("'acc' = 'x'")
				.hasMessage("filter: unexpected token ''acc'' at position 0: expected a key such as metrics.accuracy");
			rejects("params.p = abc").hasMessage(
					"filter: unexpected token 'abc' at position 11: expected a value after the comparator (strings need quotes)");
		}

		@Test
		void tooManyClauses() {
			String filter = String.join(" AND ", Collections.nCopies(SearchLimits.MAX_CLAUSES + 1, "metrics.a > 1"));
			rejects(filter).hasMessage("filter: too many clauses; at most 100 are allowed");
			assertThat(runs(String.join(" AND ", Collections.nCopies(SearchLimits.MAX_CLAUSES, "metrics.a > 1"))))
				.hasSize(100);
		}

	}

	@Nested
	class Entities {

		@ParameterizedTest
		@CsvSource({ "metric, METRIC", "metrics, METRIC", "param, PARAM", "params, PARAM", "parameter, PARAM",
				"parameters, PARAM", "tag, TAG", "tags, TAG", "attribute, ATTRIBUTE", "attributes, ATTRIBUTE",
				"attr, ATTRIBUTE", "run, ATTRIBUTE", "dataset, DATASET", "datasets, DATASET", "`metrics`, METRIC",
				"`tags`, TAG" })
		void everyMlflowPrefixIsAccepted(String prefix, Entity entity) {
			String key = switch (entity) {
				case ATTRIBUTE -> "status";
				case DATASET -> "name";
				default -> "k";
			};
			String value = (entity == Entity.METRIC) ? "1" : "'v'";
			assertThat(one(prefix + "." + key + " = " + value).entity()).isEqualTo(entity);
		}

		@Test
		void noPrefixMeansAttribute() {
			assertThat(one("status = 'RUNNING'")).isEqualTo(clause(Entity.ATTRIBUTE, "status", Operator.EQ, "RUNNING"));
		}

		@Test
		void unknownPrefixesAreNamed() {
			rejects("metricz.acc > 1").hasMessage(
					"filter: invalid entity type 'metricz' at position 0; expected one of attribute, metric, param, tag, dataset");
			rejects("Metrics.acc > 1").hasMessageContaining("invalid entity type 'Metrics' at position 0");
			rejects("\"tags\".x = 'a'").hasMessageContaining("invalid entity type 'tags' at position 0");
			rejects("params.a = 'x' AND foo.bar = 'x'")
				.hasMessageContaining("invalid entity type 'foo' at position 19");
		}

		@Test
		void attributeKeysAndAliases() {
			assertThat(one("attributes.run_id = 'x'").key()).isEqualTo("run_id");
			assertThat(one("run_name = 'x'").key()).isEqualTo("run_name");
			assertThat(one("user_id = 'x'").key()).isEqualTo("user_id");
			assertThat(one("artifact_uri = 'x'").key()).isEqualTo("artifact_uri");
			assertThat(one("end_time = 1").key()).isEqualTo("end_time");
			assertThat(one("created > 1")).isEqualTo(number(Entity.ATTRIBUTE, "start_time", Operator.GT, "1"));
			assertThat(one("Created > 1").key()).isEqualTo("start_time");
			assertThat(one("`run name` = 'x'").key()).isEqualTo("run_name");
			assertThat(one("attributes.`Run name` = 'x'").key()).isEqualTo("run_name");
			assertThat(one("\"Run Name\" = 'x'").key()).isEqualTo("run_name");
			rejects("attributes.foo = 'x'").hasMessage(
					"filter: invalid attribute key 'foo' at position 0; expected one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time");
			rejects("experiment_id = '1'").hasMessageContaining("invalid attribute key 'experiment_id'");
			rejects("CREATED > 1").hasMessageContaining("invalid attribute key 'CREATED'");
		}

		@Test
		void datasetKeys() {
			assertThat(one("dataset.digest = 'x'").key()).isEqualTo("digest");
			assertThat(one("datasets.context = 'x'").key()).isEqualTo("context");
			rejects("dataset.source = 'x'").hasMessage(
					"filter: invalid dataset key 'source' at position 0; expected one of name, digest, context");
		}

	}

	@Nested
	class Keys {

		@Test
		void unquotedKeysMayHoldDotsDigitsAndLetters() {
			assertThat(one("tags.mlflow.runName = 'x'").key()).isEqualTo("mlflow.runName");
			assertThat(one("metrics.2nd_loss < 1").key()).isEqualTo("2nd_loss");
			assertThat(one("params.größe = 'x'").key()).isEqualTo("größe");
			assertThat(one("params._x9 = 'x'").key()).isEqualTo("_x9");
		}

		@Test
		void quotedKeysMayHoldAnything() {
			assertThat(one("metrics.`my key/1:x-y` > 1").key()).isEqualTo("my key/1:x-y");
			assertThat(one("params.\"a b\" = 'x'").key()).isEqualTo("a b");
			assertThat(one("tags.`a.b` = 'x'").key()).isEqualTo("a.b");
			assertThat(one("tags.`it``s` = 'x'").key()).isEqualTo("it`s");
			assertThat(one("tags.\"say \"\"hi\"\"\" = 'x'").key()).isEqualTo("say \"hi\"");
			assertThat(one("tags.\"a\\\"b\" = 'x'").key()).isEqualTo("a\"b");
		}

		@Test
		void badKeys() {
			rejects("metrics.`abc > 1").hasMessage("filter: unterminated quoted key starting at position 8");
			rejects("metrics. > 1").hasMessage("filter: expected a key after '.' at position 8");
			rejects("metrics.a-b > 1").hasMessage(
					"filter: unexpected character '-' at position 9 (quote keys that contain special characters in backticks, e.g. metrics.`my-key`)");
			rejects("metrics.`` > 1").hasMessage("filter: empty key at position 0");
			rejects("tags.`a`.b = 'x'").hasMessage(
					"filter: key at position 0 mixes quoted and unquoted parts; quote the whole key, e.g. tags.`a.b`");
			rejects("params.p # 'x'").hasMessage("filter: unexpected character '#' at position 9");
		}

	}

	@Nested
	class Operators {

		@ParameterizedTest
		@ValueSource(strings = { "=", "!=", "<", "<=", ">", ">=" })
		void metricsTakeNumericComparators(String symbol) {
			assertThat(one("metrics.m " + symbol + " 1").operator()).isEqualTo(Operator.fromSymbol(symbol));
			assertThat(one("start_time " + symbol + " 1").operator()).isEqualTo(Operator.fromSymbol(symbol));
		}

		@ParameterizedTest
		@ValueSource(strings = { "LIKE", "ILIKE", "IN", "NOT IN" })
		void metricsRejectStringComparators(String symbol) {
			rejects("metrics.m " + symbol + " 1").hasMessage("filter: invalid comparator '" + symbol
					+ "' at position 10 for metric 'm'; expected one of =, !=, <, <=, >, >=");
			rejects("end_time " + symbol + " 1").hasMessageContaining("for attribute 'end_time'");
		}

		@ParameterizedTest
		@ValueSource(strings = { "=", "!=", "LIKE", "like", "ILIKE", "iLike" })
		void paramsAndTagsTakeStringComparators(String symbol) {
			assertThat(one("params.p " + symbol + " 'x'").operator()).isEqualTo(Operator.fromSymbol(symbol));
			assertThat(one("tags.t " + symbol + " 'x'").operator()).isEqualTo(Operator.fromSymbol(symbol));
			assertThat(one("attributes.user_id " + symbol + " 'x'").operator()).isEqualTo(Operator.fromSymbol(symbol));
			assertThat(one("dataset.name " + symbol + " 'x'").operator()).isEqualTo(Operator.fromSymbol(symbol));
		}

		@ParameterizedTest
		@ValueSource(strings = { "<", "<=", ">", ">=" })
		void stringsRejectOrderingComparators(String symbol) {
			rejects("params.p " + symbol + " 'x'").hasMessage("filter: invalid comparator '" + symbol
					+ "' at position 9 for param 'p'; expected one of =, !=, LIKE, ILIKE");
			rejects("tags.t " + symbol + " 'x'").hasMessageContaining("for tag 't'");
			rejects("status " + symbol + " 'x'").hasMessageContaining("for attribute 'status'");
		}

		@Test
		void listsOnlyForRunIdAndDatasets() {
			assertThat(one("run_id IN ('a', \"b\")"))
				.isEqualTo(new Clause(Entity.ATTRIBUTE, "run_id", Operator.IN, new Value.TextList(List.of("a", "b"))));
			assertThat(one("attributes.run_id not   In ('a',)").operator()).isEqualTo(Operator.NOT_IN);
			assertThat(one("dataset.context NOT IN ('train')").operator()).isEqualTo(Operator.NOT_IN);
			assertThat(one("datasets.digest in ('a')").value()).isEqualTo(new Value.TextList(List.of("a")));
			rejects("status IN ('a')").hasMessage(
					"filter: invalid comparator 'IN' at position 7 for attribute 'status'; expected one of =, !=, LIKE, ILIKE");
			rejects("params.p IN ('a')").hasMessageContaining("invalid comparator 'IN' at position 9 for param 'p'");
			rejects("tags.t NOT IN ('a')")
				.hasMessageContaining("invalid comparator 'NOT IN' at position 7 for tag 't'");
		}

		@Test
		void badLists() {
			rejects("run_id IN 'a'").hasMessage(
					"filter: unexpected token ''a'' at position 10: expected a parenthesized list of quoted strings, e.g. ('a', 'b')");
			rejects("run_id IN ()")
				.hasMessage("filter: empty list at position 10; expected at least one quoted string");
			rejects("run_id IN ('a', 1)")
				.hasMessage("filter: unexpected token '1' at position 16: expected a quoted string in the list");
			rejects("run_id IN ('a' 'b')")
				.hasMessage("filter: unexpected token ''b'' at position 15: expected ',' or ')' in the list");
			rejects("run_id IN ('a'").hasMessage("filter: unexpected end: expected ',' or ')' in the list");
			rejects("run_id IN ('a',,)")
				.hasMessage("filter: unexpected token ',' at position 15: expected a quoted string in the list");
			rejects("run_id = ('a')").hasMessage("filter: a list at position 9 is only allowed after IN or NOT IN");
		}

		@Test
		void listValuesAreBounded() {
			String values = String.join(",", Collections.nCopies(SearchLimits.MAX_LIST_VALUES / 2 + 1, "'a'"));
			rejects("run_id IN (" + values + ") AND run_id NOT IN (" + values + ")")
				.hasMessage("filter: too many list values; at most 10000 are allowed in one filter");
		}

		@Test
		void unsupportedComparatorsAreNamed() {
			rejects("metrics.a == 1").hasMessage(
					"filter: invalid comparator '==' at position 10; expected one of =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN");
			rejects("metrics.a <> 1").hasMessageContaining("invalid comparator '<>' at position 10");
			rejects("tags.t NOT LIKE 'a'").hasMessage(
					"filter: unexpected token 'LIKE' at position 11: expected IN after NOT (NOT IN is the only negated comparator)");
			rejects("tags.t IS NULL").hasMessageStartingWith("filter: IS at position 7 is not supported");
			rejects("tags.t IS NOT NULL").hasMessageStartingWith("filter: IS at position 7 is not supported");
			rejects("metrics.a ! 1").hasMessage("filter: unexpected character '!' at position 10");
		}

	}

	@Nested
	class Values {

		@ParameterizedTest
		@CsvSource(delimiter = '|',
				value = { "1|1", "-1|-1", "1.5|1.5", ".5|.5", "-.5|-.5", "1.|1.", "1e5|1e5", "1E-5|1E-5",
						"-1.5e+3|-1.5e+3", "0|0", "123456789012345678901234567890|123456789012345678901234567890" })
		void numbers(String literal, String expected) {
			assertThat(one("metrics.m = " + literal).value()).isEqualTo(new Value.Decimal(new BigDecimal(expected)));
		}

		@Test
		void numericAttributesAreWholeMilliseconds() {
			assertThat(one("start_time > 1.7e12").value())
				.isEqualTo(new Value.Decimal(BigDecimal.valueOf(1_700_000_000_000L)));
			assertThat(one("end_time = 5.0").value()).isEqualTo(new Value.Decimal(BigDecimal.valueOf(5)));
			rejects("start_time > 1.5").hasMessage(
					"filter: expected a whole number of milliseconds for attribute 'start_time' at position 13, got '1.5'");
			rejects("start_time > 1e30").hasMessageContaining("expected a whole number of milliseconds");
		}

		@Test
		void badNumbers() {
			rejects("metrics.m > 1x").hasMessage("filter: malformed number '1x' at position 12");
			rejects("metrics.m > 1.2.3").hasMessage("filter: malformed number '1.2.3' at position 12");
			rejects("metrics.m > 1e99999999999")
				.hasMessage("filter: number '1e99999999999' at position 12 is out of range");
			rejects("metrics.m > - 1").hasMessage("filter: unexpected character '-' at position 12");
		}

		@Test
		void stringsInEitherQuote() {
			assertThat(one("params.p = 'a b'").value()).isEqualTo(new Value.Text("a b"));
			assertThat(one("params.p = \"a b\"").value()).isEqualTo(new Value.Text("a b"));
			assertThat(one("params.p = ''").value()).isEqualTo(new Value.Text(""));
			assertThat(one("params.p = '\"'").value()).isEqualTo(new Value.Text("\""));
			assertThat(one("params.p = \"'\"").value()).isEqualTo(new Value.Text("'"));
		}

		@Test
		void escapedQuotesAndBackslashes() {
			assertThat(one("params.p = 'it''s'").value()).isEqualTo(new Value.Text("it's"));
			assertThat(one("params.p = 'it\\'s'").value()).isEqualTo(new Value.Text("it's"));
			assertThat(one("params.p = \"say \"\"hi\"\"\"").value()).isEqualTo(new Value.Text("say \"hi\""));
			assertThat(one("params.p = \"say \\\"hi\\\"\"").value()).isEqualTo(new Value.Text("say \"hi\""));
			assertThat(one("params.p = 'C:\\\\dir'").value()).isEqualTo(new Value.Text("C:\\dir"));
			assertThat(one("params.p = 'C:\\dir'").value()).isEqualTo(new Value.Text("C:\\dir"));
			assertThat(one("params.p LIKE '100\\%'").value()).isEqualTo(new Value.Text("100\\%"));
			assertThat(one("params.p = 'ends\\\\'").value()).isEqualTo(new Value.Text("ends\\"));
		}

		@Test
		void unterminatedStrings() {
			rejects("params.p = 'abc").hasMessage("filter: unterminated string starting at position 11");
			rejects("params.p = 'abc\\'").hasMessage("filter: unterminated string starting at position 11");
			rejects("params.p = \"abc").hasMessage("filter: unterminated string starting at position 11");
		}

		@Test
		void typesMustMatchTheKey() {
			rejects("metrics.m > '1'").hasMessage("filter: expected a number for metric 'm' at position 12, got ''1''");
			rejects("start_time > \"1\"").hasMessageContaining("expected a number for attribute 'start_time'");
			rejects("params.p = 1")
				.hasMessage("filter: expected a quoted string for param 'p' at position 11, got '1'");
			rejects("tags.t = 1").hasMessageContaining("expected a quoted string for tag 't'");
			rejects("status = 1").hasMessageContaining("expected a quoted string for attribute 'status'");
			rejects("dataset.name = 1").hasMessageContaining("expected a quoted string for dataset key 'name'");
		}

		@Test
		void messagesShowShortPrintableTokens() {
			rejects("params.p = abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz").hasMessage(
					"filter: unexpected token 'abcdefghijklmnopqrstuvwxyzabcdefghijklmn...' at position 11: expected a value after the comparator (strings need quotes)");
			rejects("params.p = \u0001").hasMessage("filter: unexpected character '?' at position 11");
		}

	}

	@Nested
	class OtherSearches {

		@Test
		void experimentFilters() {
			assertThat(FilterParser.parse("name LIKE 'a%' AND attribute.creation_time > 5 AND tags.k = 'v'",
					TrackingGrammars.EXPERIMENTS))
				.containsExactly(
						clause(Entity.ATTRIBUTE, "name", Operator.LIKE, "a%"), new Clause(Entity.ATTRIBUTE,
								"creation_time", Operator.GT, new Value.Decimal(BigDecimal.valueOf(5))),
						clause(Entity.TAG, "k", Operator.EQ, "v"));
			assertThat(FilterParser.parse("last_update_time <= 5 AND tag.k != 'v'", TrackingGrammars.EXPERIMENTS))
				.hasSize(2);
			rejects("attributes.name = 'x'", TrackingGrammars.EXPERIMENTS)
				.hasMessage("filter: invalid entity type 'attributes' at position 0; expected one of attribute, tag");
			rejects("metrics.m > 1", TrackingGrammars.EXPERIMENTS)
				.hasMessageContaining("invalid entity type 'metrics'");
			rejects("name IN ('a')", TrackingGrammars.EXPERIMENTS).hasMessageContaining("invalid comparator 'IN'");
			rejects("tags.k IN ('a')", TrackingGrammars.EXPERIMENTS).hasMessageContaining("invalid comparator 'IN'");
			rejects("creation_time = 'x'", TrackingGrammars.EXPERIMENTS)
				.hasMessageContaining("expected a number for attribute 'creation_time'");
			rejects("experiment_id = '1'", TrackingGrammars.EXPERIMENTS).hasMessage(
					"filter: invalid attribute key 'experiment_id' at position 0; expected one of name, creation_time, last_update_time");
		}

		@Test
		void loggedModelFilters() {
			assertThat(FilterParser.parse(
					"metrics.acc > 0.5 AND params.lr IN ('a', 'b') AND tags.t NOT IN ('x') AND name ILIKE 'm%' "
							+ "AND creation_time > 5 AND attributes.last_updated_time < 9 AND source_run_id IN ('r')",
					TrackingGrammars.LOGGED_MODELS))
				.containsExactly(number(Entity.METRIC, "acc", Operator.GT, "0.5"),
						new Clause(Entity.PARAM, "lr", Operator.IN, new Value.TextList(List.of("a", "b"))),
						new Clause(Entity.TAG, "t", Operator.NOT_IN, new Value.TextList(List.of("x"))),
						clause(Entity.ATTRIBUTE, "name", Operator.ILIKE, "m%"),
						new Clause(Entity.ATTRIBUTE, "creation_timestamp", Operator.GT,
								new Value.Decimal(BigDecimal.valueOf(5))),
						new Clause(Entity.ATTRIBUTE, "last_updated_timestamp", Operator.LT,
								new Value.Decimal(BigDecimal.valueOf(9))),
						new Clause(Entity.ATTRIBUTE, "source_run_id", Operator.IN, new Value.TextList(List.of("r"))));
			rejects("metric.acc > 1", TrackingGrammars.LOGGED_MODELS).hasMessage(
					"filter: invalid entity type 'metric' at position 0; expected one of attributes, metrics, params, tags");
			rejects("dataset.name = 'x'", TrackingGrammars.LOGGED_MODELS)
				.hasMessageContaining("invalid entity type 'dataset'");
			rejects("artifact_location = 'x'", TrackingGrammars.LOGGED_MODELS).hasMessageContaining(
					"invalid attribute key 'artifact_location' at position 0; expected one of name, model_id, model_type, status, source_run_id, creation_timestamp, last_updated_timestamp");
			rejects("creation_timestamp LIKE '1'", TrackingGrammars.LOGGED_MODELS)
				.hasMessageContaining("invalid comparator 'LIKE'");
		}

	}

	@Nested
	class OrderBy {

		static OrderKey order(String item) {
			return FilterParser.parseOrderBy(item, TrackingGrammars.RUNS, "order_by[0]");
		}

		static AbstractThrowableAssert<?, ? extends Throwable> rejectsOrder(String item, Grammar grammar) {
			return assertThatThrownBy(() -> FilterParser.parseOrderBy(item, grammar, "order_by[0]"))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
		}

		@Test
		void runKeysAndDirections() {
			assertThat(order("metrics.acc")).isEqualTo(new OrderKey(Entity.METRIC, "acc", true));
			assertThat(order("metrics.acc DESC")).isEqualTo(new OrderKey(Entity.METRIC, "acc", false));
			assertThat(order(" metric.`my key` asc ")).isEqualTo(new OrderKey(Entity.METRIC, "my key", true));
			assertThat(order("params.\"a b\" desc")).isEqualTo(new OrderKey(Entity.PARAM, "a b", false));
			assertThat(order("tags.mlflow.runName Desc")).isEqualTo(new OrderKey(Entity.TAG, "mlflow.runName", false));
			assertThat(order("attributes.start_time")).isEqualTo(new OrderKey(Entity.ATTRIBUTE, "start_time", true));
			assertThat(order("created DESC")).isEqualTo(new OrderKey(Entity.ATTRIBUTE, "start_time", false));
			assertThat(order("run_id")).isEqualTo(new OrderKey(Entity.ATTRIBUTE, "run_id", true));
		}

		@Test
		void badRunOrders() {
			rejectsOrder("", TrackingGrammars.RUNS)
				.hasMessage("order_by[0]: empty order_by clause; expected <entity>.<key> [ASC|DESC]");
			rejectsOrder(null, TrackingGrammars.RUNS).hasMessageStartingWith("order_by[0]: empty order_by clause");
			rejectsOrder("dataset.name", TrackingGrammars.RUNS).hasMessage(
					"order_by[0]: cannot order by dataset at position 0; order_by accepts attribute, metric, param, tag");
			rejectsOrder("metrics.acc DESC ASC", TrackingGrammars.RUNS)
				.hasMessage("order_by[0]: unexpected token 'ASC' at position 17: expected the end after 'DESC'");
			rejectsOrder("metrics.acc up", TrackingGrammars.RUNS)
				.hasMessage("order_by[0]: unexpected token 'up' at position 12: expected ASC, DESC or the end");
			rejectsOrder("`run name`", TrackingGrammars.RUNS).hasMessageContaining("invalid attribute key 'run name'");
			rejectsOrder("metrics.acc, params.b", TrackingGrammars.RUNS)
				.hasMessageContaining("unexpected token ',' at position 11");
			rejectsOrder("1", TrackingGrammars.RUNS)
				.hasMessage("order_by[0]: unexpected token '1' at position 0: expected a key such as metrics.rmse");
			rejectsOrder("metrics.`acc", TrackingGrammars.RUNS)
				.hasMessage("order_by[0]: unterminated quoted key starting at position 8");
		}

		@Test
		void experimentOrders() {
			assertThat(FilterParser.parseOrderBy("experiment_id DESC", TrackingGrammars.EXPERIMENTS, "order_by[0]"))
				.isEqualTo(new OrderKey(Entity.ATTRIBUTE, "experiment_id", false));
			assertThat(FilterParser.parseOrderBy("attribute.last_update_time", TrackingGrammars.EXPERIMENTS,
					"order_by[0]"))
				.isEqualTo(new OrderKey(Entity.ATTRIBUTE, "last_update_time", true));
			rejectsOrder("tags.x", TrackingGrammars.EXPERIMENTS)
				.hasMessage("order_by[0]: cannot order by tag at position 0; order_by accepts attribute");
			rejectsOrder("start_time", TrackingGrammars.EXPERIMENTS).hasMessage(
					"order_by[0]: invalid attribute key 'start_time' at position 0; expected one of name, experiment_id, creation_time, last_update_time");
		}

		@Test
		void duplicateRunOrdersAreRejected() {
			assertThatThrownBy(
					() -> RunSearch.sql(List.of(1L), ViewType.ALL, null, List.of("metrics.a", "metric.a DESC"), 0, 1))
				.hasMessage("order_by[1]: duplicate order_by field 'metric.a'");
			assertThatThrownBy(
					() -> RunSearch.sql(List.of(1L), ViewType.ALL, null, List.of("start_time", "created"), 0, 1))
				.hasMessage("order_by[1]: duplicate order_by field 'attribute.start_time'");
		}

		@Test
		void loggedModelOrders() {
			assertThatThrownBy(() -> LoggedModelSearch
				.sql(List.of(1L), null, List.of(LoggedModelOrder.of("params.lr", true)), null, 0, 1)).hasMessage(
						"order_by[0]: invalid field_name 'params.lr'; only metrics.<key> or an attribute (name, model_id, model_type, status, source_run_id, creation_timestamp, last_updated_timestamp) is allowed");
			assertThatThrownBy(() -> LoggedModelSearch.sql(List.of(1L), null,
					List.of(LoggedModelOrder.of("name", true), LoggedModelOrder.of("foo", true)), null, 0, 1))
				.hasMessage(
						"order_by[1]: invalid field_name 'foo'; expected metrics.<key> or one of name, model_id, model_type, status, source_run_id, creation_timestamp, last_updated_timestamp");
			assertThatThrownBy(() -> LoggedModelSearch.sql(List.of(1L), null,
					List.of(new LoggedModelOrder("metrics.acc", true, null, "d1")), null, 0, 1))
				.hasMessage("order_by[0]: dataset_digest can only be specified if dataset_name is also specified");
			assertThatThrownBy(() -> LoggedModelSearch.sql(List.of(1L), null,
					List.of(new LoggedModelOrder(null, true, null, null)), null, 0, 1))
				.hasMessage("order_by[0]: field_name must be specified");
			assertThatThrownBy(
					() -> LoggedModelSearch.sql(List.of(1L), null, Collections.singletonList(null), null, 0, 1))
				.hasMessage("order_by[0]: field_name must be specified");
			assertThatThrownBy(() -> LoggedModelSearch.sql(List.of(1L), null,
					List.of(LoggedModelOrder.of("metrics.", true)), null, 0, 1))
				.hasMessage("order_by[0]: empty metric key in field_name 'metrics.'");
			assertThat(
					LoggedModelSearch.sql(List.of(1L), null,
							List.of(LoggedModelOrder.of("metrics.`a b`", true),
									new LoggedModelOrder(" creation_time ", null, "", "")),
							null, 0, 1)
						.args())
				.contains("a b");
		}

	}

}
