package dev.slipway.registry;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.Clause;
import dev.slipway.query.Entity;
import dev.slipway.query.FilterParser;
import dev.slipway.query.Grammar;
import dev.slipway.query.Operator;
import dev.slipway.query.SqlQuery;
import dev.slipway.query.Value;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registered model and model version grammars and the SQL {@link RegistrySearch}
 * builds from them: statements, bound values and error messages.
 */
class RegistrySearchTest {

	private static final String NO_PROMPT_MODELS = "NOT EXISTS (SELECT 1 FROM registered_model_tags p WHERE "
			+ "p.model_id = rm.id AND p.tag_key = 'mlflow.prompt.is_prompt' AND p.tag_value = 'true')";

	private static final String NO_PROMPT_VERSIONS = "NOT EXISTS (SELECT 1 FROM model_versions pv JOIN "
			+ "model_version_tags p ON p.version_id = pv.id WHERE pv.model_id = mv.model_id AND "
			+ "p.tag_key = 'mlflow.prompt.is_prompt' AND p.tag_value = 'true')";

	static AbstractThrowableAssert<?, ? extends Throwable> refused(ThrowingCallable call) {
		return assertThatThrownBy(call).isInstanceOfSatisfying(SlipwayException.class,
				(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
	}

	static SqlQuery models(String filter, String... orderBy) {
		return RegistrySearch.models(filter, List.of(orderBy), 0, 10, null);
	}

	static SqlQuery versions(String filter, String... orderBy) {
		return RegistrySearch.versions(filter, List.of(orderBy), 0, 10, null);
	}

	@Nested
	class ModelSql {

		@Test
		void withoutFilterEveryModelButPromptsByName() {
			SqlQuery query = RegistrySearch.models(null, null, 0, 101, null);
			assertThat(query.sql()).isEqualTo("SELECT rm.id FROM registered_models rm WHERE " + NO_PROMPT_MODELS
					+ " ORDER BY rm.name ASC LIMIT 101 OFFSET 0");
			assertThat(query.args()).isEmpty();
			assertThat(RegistrySearch.models("  ", List.of(), 0, 101, null)).isEqualTo(query);
		}

		@Test
		void attributeAndTagClausesBindEveryValue() {
			SqlQuery query = RegistrySearch.models("name LIKE 'a%' AND tags.`team` ILIKE 'V%' AND name != 'x'",
					List.of("timestamp DESC"), 20, 10, "rm.id IN (SELECT 1)");
			assertThat(query.sql()).isEqualTo("SELECT rm.id FROM registered_models rm WHERE rm.name LIKE ? AND "
					+ "EXISTS (SELECT 1 FROM registered_model_tags f2 WHERE f2.model_id = rm.id AND f2.tag_key = ? "
					+ "AND LOWER(f2.tag_value) LIKE LOWER(?)) AND rm.name <> ? AND " + NO_PROMPT_MODELS
					+ " AND (rm.id IN (SELECT 1)) ORDER BY rm.last_updated_time DESC, rm.name ASC LIMIT 10 OFFSET 20");
			assertThat(query.args()).containsExactly("a%", "team", "V%", "x");
		}

		@Test
		void namesInAList() {
			SqlQuery query = models("name IN ('a', 'b') AND attribute.name NOT IN ('c')");
			assertThat(query.sql()).startsWith(
					"SELECT rm.id FROM registered_models rm WHERE rm.name IN (?, ?) AND rm.name NOT IN (?) AND ");
			assertThat(query.args()).containsExactly("a", "b", "c");
		}

		@Test
		void orderKeysAndTheNameTiebreak() {
			assertThat(models(null, "creation_timestamp").sql())
				.contains(" ORDER BY rm.creation_time ASC, rm.name ASC LIMIT");
			assertThat(models(null, "attribute.last_updated_timestamp ASC").sql())
				.contains(" ORDER BY rm.last_updated_time ASC, rm.name ASC LIMIT");
			assertThat(models(null, "name DESC", "timestamp").sql())
				.contains(" ORDER BY rm.name DESC, rm.last_updated_time ASC LIMIT");
		}

	}

	@Nested
	class VersionSql {

		@Test
		void withoutOrderNewestUpdateFirstThenNameThenHighestVersion() {
			SqlQuery query = RegistrySearch.versions(null, null, 5, 3, null);
			assertThat(query.sql())
				.isEqualTo("SELECT mv.id FROM model_versions mv JOIN registered_models rm ON rm.id = mv.model_id WHERE "
						+ "mv.deleted = FALSE AND " + NO_PROMPT_VERSIONS
						+ " ORDER BY mv.last_updated_time DESC, rm.name ASC, mv.version DESC LIMIT 3 OFFSET 5");
			assertThat(RegistrySearch.versions("", List.of(), 5, 3, null)).isEqualTo(query);
		}

		@Test
		void everyAttributeHasItsColumn() {
			SqlQuery query = RegistrySearch.versions(
					"name = 'm' AND version_number >= 2 AND run_id IN ('r1', 'r2') AND source_path LIKE 'models:/%' "
							+ "AND tags.env != 'prod'",
					List.of("version_number"), 0, 10, "rm.id = 7");
			assertThat(query.sql())
				.isEqualTo("SELECT mv.id FROM model_versions mv JOIN registered_models rm ON rm.id = mv.model_id WHERE "
						+ "mv.deleted = FALSE AND rm.name = ? AND mv.version >= ? AND mv.run_uuid IN (?, ?) AND "
						+ "mv.source LIKE ? AND EXISTS (SELECT 1 FROM model_version_tags f5 WHERE "
						+ "f5.version_id = mv.id AND f5.tag_key = ? AND f5.tag_value <> ?) AND " + NO_PROMPT_VERSIONS
						+ " AND (rm.id = 7) ORDER BY mv.version ASC, rm.name ASC LIMIT 10 OFFSET 0");
			assertThat(query.args()).containsExactly("m", 2L, "r1", "r2", "models:/%", "env", "prod");
		}

		@Test
		void versionNumbersAreWholeNumbers() {
			assertThat(versions("version_number = 1e1").args()).containsExactly(10L);
			assertThat(versions("version_number != 3.0").args()).containsExactly(3L);
			refused(() -> versions("version_number = 1.5")).hasMessageContaining(
					"expected a whole number for attribute 'version_number' at position 17, got '1.5'");
			// MLflow reads a quoted version number as the number.
			assertThat(versions("version_number = '12'").args()).containsExactly(12L);
		}

		@Test
		void givenOrderReplacesTheDefaultAndKeepsTheTiebreaks() {
			assertThat(versions(null, "name").sql()).contains(" ORDER BY rm.name ASC, mv.version DESC LIMIT");
			assertThat(versions(null, "creation_timestamp DESC").sql())
				.contains(" ORDER BY mv.creation_time DESC, rm.name ASC, mv.version DESC LIMIT");
			assertThat(versions(null, "version_number ASC", "name DESC").sql())
				.contains(" ORDER BY mv.version ASC, rm.name DESC LIMIT");
			assertThat(versions(null, "attribute.last_updated_timestamp").sql())
				.contains(" ORDER BY mv.last_updated_time ASC, rm.name ASC, mv.version DESC LIMIT");
		}

	}

	@Nested
	class Prompts {

		@Test
		void theClientsExclusionClauseOnlyLeavesPromptsOut() {
			SqlQuery query = models("name LIKE 'a%' AND tag.`mlflow.prompt.is_prompt` != 'true'");
			assertThat(query.sql()).isEqualTo("SELECT rm.id FROM registered_models rm WHERE rm.name LIKE ? AND "
					+ NO_PROMPT_MODELS + " ORDER BY rm.name ASC LIMIT 10 OFFSET 0");
			assertThat(query.args()).containsExactly("a%");
			assertThat(models("tags.`mlflow.prompt.is_prompt` = 'false'")).isEqualTo(models(null));
			assertThat(models("tags.`mlflow.prompt.is_prompt` LIKE 'tr%'")).isEqualTo(models(null));
			assertThat(versions("tags.mlflow.prompt.is_prompt = 'FALSE'")).isEqualTo(versions(null));
		}

		@Test
		void askingForPromptsKeepsTheClauseAndDropsTheExclusion() {
			SqlQuery query = models("tags.`mlflow.prompt.is_prompt` = 'true'");
			assertThat(query.sql()).isEqualTo("SELECT rm.id FROM registered_models rm WHERE EXISTS (SELECT 1 FROM "
					+ "registered_model_tags f1 WHERE f1.model_id = rm.id AND f1.tag_key = ? AND f1.tag_value = ?) "
					+ "ORDER BY rm.name ASC LIMIT 10 OFFSET 0");
			assertThat(query.args()).containsExactly("mlflow.prompt.is_prompt", "true");
			assertThat(models("tags.`mlflow.prompt.is_prompt` = 'TRUE'").sql()).doesNotContain("NOT EXISTS");
			assertThat(models("tags.`mlflow.prompt.is_prompt` != 'false'").sql()).doesNotContain("NOT EXISTS");
			assertThat(versions("tags.`mlflow.prompt.is_prompt` = 'true'").sql()).doesNotContain("NOT EXISTS")
				.contains("model_version_tags f1");
		}

		@Test
		void theFirstClauseOnThePromptTagDecides() {
			assertThat(
					models("tags.`mlflow.prompt.is_prompt` = 'true' AND tags.`mlflow.prompt.is_prompt` != 'x'").args())
				.containsExactly("mlflow.prompt.is_prompt", "true", "mlflow.prompt.is_prompt", "x");
			assertThat(models("tags.`mlflow.prompt.is_prompt` != 'true' AND tags.`mlflow.prompt.is_prompt` = 'true'"))
				.isEqualTo(models(null));
		}

	}

	@Nested
	class Grammars {

		@Test
		void registeredModelClauses() {
			assertThat(FilterParser.parse(
					"name = 'a' AND attribute.name IN ('b', 'c') AND tags.t LIKE 'x%' AND tag.`a b` ILIKE \"y\"",
					RegistryGrammars.REGISTERED_MODELS))
				.containsExactly(clause(Entity.ATTRIBUTE, "name", Operator.EQ, "a"),
						new Clause(Entity.ATTRIBUTE, "name", Operator.IN, new Value.TextList(List.of("b", "c"))),
						clause(Entity.TAG, "t", Operator.LIKE, "x%"), clause(Entity.TAG, "a b", Operator.ILIKE, "y"));
		}

		@Test
		void modelVersionClauses() {
			assertThat(FilterParser.parse(
					"name != 'a' AND version_number <= 3 AND run_id NOT IN ('r') AND source_path = 's' AND tags.k = 'v'",
					RegistryGrammars.MODEL_VERSIONS))
				.containsExactly(clause(Entity.ATTRIBUTE, "name", Operator.NE, "a"),
						new Clause(Entity.ATTRIBUTE, "version_number", Operator.LE,
								new Value.Decimal(BigDecimal.valueOf(3))),
						new Clause(Entity.ATTRIBUTE, "run_id", Operator.NOT_IN, new Value.TextList(List.of("r"))),
						clause(Entity.ATTRIBUTE, "source_path", Operator.EQ, "s"),
						clause(Entity.TAG, "k", Operator.EQ, "v"));
		}

		/** Which comparators each key takes: MLflow's SQL store checks, one row each. */
		@ParameterizedTest(name = "{0} {1}")
		@CsvSource(delimiter = '|', textBlock = """
				MODELS   | name = 'a'                    | true
				MODELS   | name != 'a'                   | true
				MODELS   | name LIKE 'a'                 | true
				MODELS   | name ILIKE 'a'                | true
				MODELS   | name IN ('a')                 | true
				MODELS   | name NOT IN ('a')             | true
				MODELS   | name > 'a'                    | false
				MODELS   | tags.t = 'a'                  | true
				MODELS   | tags.t != 'a'                 | true
				MODELS   | tags.t LIKE 'a'               | true
				MODELS   | tags.t ILIKE 'a'              | true
				MODELS   | tags.t IN ('a')               | false
				MODELS   | tags.t NOT IN ('a')           | false
				MODELS   | tags.t < 'a'                  | false
				VERSIONS | name IN ('a')                 | true
				VERSIONS | name LIKE 'a%'                | true
				VERSIONS | name >= 'a'                   | false
				VERSIONS | run_id = 'r'                  | true
				VERSIONS | run_id != 'r'                 | true
				VERSIONS | run_id LIKE 'r%'              | true
				VERSIONS | run_id ILIKE 'r%'             | true
				VERSIONS | run_id IN ('r', 's')          | true
				VERSIONS | run_id NOT IN ('r')           | true
				VERSIONS | run_id < 'r'                  | false
				VERSIONS | source_path = 's'             | true
				VERSIONS | source_path != 's'            | true
				VERSIONS | source_path LIKE 's%'         | true
				VERSIONS | source_path ILIKE 's%'        | true
				VERSIONS | source_path IN ('s')          | false
				VERSIONS | source_path NOT IN ('s')      | false
				VERSIONS | version_number = 1            | true
				VERSIONS | version_number != 1           | true
				VERSIONS | version_number < 1            | true
				VERSIONS | version_number <= 1           | true
				VERSIONS | version_number > 1            | true
				VERSIONS | version_number >= 1           | true
				VERSIONS | version_number LIKE '1'       | false
				VERSIONS | version_number IN ('1')       | false
				VERSIONS | tags.t ILIKE 'a'              | true
				VERSIONS | tags.t IN ('a')               | false
				""")
		void comparatorsPerKey(String search, String filter, boolean accepted) {
			Grammar grammar = search.equals("MODELS") ? RegistryGrammars.REGISTERED_MODELS
					: RegistryGrammars.MODEL_VERSIONS;
			if (accepted) {
				assertThat(FilterParser.parse(filter, grammar)).hasSize(1);
			}
			else {
				refused(() -> FilterParser.parse(filter, grammar)).hasMessageContaining("invalid comparator");
			}
		}

		@Test
		void prefixesAndKeys() {
			assertThat(FilterParser.parse("tags.a.b = 'x' AND `tags`.`c` = 'y'", RegistryGrammars.MODEL_VERSIONS))
				.extracting(Clause::key)
				.containsExactly("a.b", "c");
			refused(() -> models("attributes.name = 'x'"))
				.hasMessage("filter: invalid entity type 'attributes' at position 0; expected one of attribute, tag");
			refused(() -> versions("params.p = 'x'"))
				.hasMessage("filter: invalid entity type 'params' at position 0; expected one of attribute, tag");
			refused(() -> models("run_id = 'x'"))
				.hasMessage("filter: invalid attribute key 'run_id' at position 0; expected one of name");
			refused(() -> models("creation_timestamp > 5"))
				.hasMessage("filter: invalid attribute key 'creation_timestamp' at position 0; expected one of name");
			refused(() -> versions("attribute.creation_timestamp > 5")).hasMessage(
					"filter: invalid attribute key 'creation_timestamp' at position 0; expected one of name, version_number, run_id, source_path");
			refused(() -> versions("version = 1")).hasMessageContaining("invalid attribute key 'version'");
		}

		@Test
		void badValuesAndStructure() {
			refused(() -> models("name = 1"))
				.hasMessage("filter: expected a quoted string for attribute 'name' at position 7, got '1'");
			refused(() -> versions("version_number = 'one'"))
				.hasMessage("filter: expected a number for attribute 'version_number' at position 17, got ''one''");
			refused(() -> versions("run_id = r1"))
				.hasMessage("filter: unexpected token 'r1' at position 9: expected a value after the comparator "
						+ "(strings need quotes)");
			refused(() -> models("name = 'a' OR name = 'b'"))
				.hasMessage("filter: OR at position 11 is not supported; clauses combine with AND only");
			refused(() -> models("name IN 'a'")).hasMessageContaining("expected a parenthesized list");
			refused(() -> versions("tags.t = 'a")).hasMessage("filter: unterminated string starting at position 9");
			refused(() -> versions("name = 'a' AND")).hasMessage("filter: expected a clause at the end of the filter");
		}

	}

	@Nested
	class OrderBy {

		@Test
		void badModelOrders() {
			refused(() -> models(null, "foo")).hasMessage(
					"order_by[0]: invalid attribute key 'foo' at position 0; expected one of name, creation_timestamp, last_updated_timestamp");
			refused(() -> models(null, "name", "tags.t DESC"))
				.hasMessage("order_by[1]: cannot order by tag at position 0; order_by accepts attribute");
			refused(() -> models(null, "version_number"))
				.hasMessageContaining("invalid attribute key 'version_number'");
			refused(() -> models(null, "name UP"))
				.hasMessage("order_by[0]: unexpected token 'UP' at position 5: expected ASC, DESC or the end");
			refused(() -> models(null, "")).hasMessageStartingWith("order_by[0]: empty order_by clause");
		}

		@Test
		void badVersionOrders() {
			refused(() -> versions(null, "run_id")).hasMessage(
					"order_by[0]: invalid attribute key 'run_id' at position 0; expected one of name, version_number, creation_timestamp, last_updated_timestamp");
			refused(() -> versions(null, "timestamp")).hasMessageContaining("invalid attribute key 'timestamp'");
			refused(() -> versions(null, "name", "tags.env"))
				.hasMessageStartingWith("order_by[1]: cannot order by tag");
		}

		@Test
		void aFieldTwiceIsRefused() {
			refused(() -> models(null, "timestamp", "last_updated_timestamp DESC"))
				.hasMessage("order_by[1]: duplicate order_by field 'attribute.last_updated_timestamp'");
			refused(() -> models(null, "name", "attribute.name DESC"))
				.hasMessage("order_by[1]: duplicate order_by field 'attribute.name'");
			refused(() -> versions(null, "version_number", "creation_timestamp", "version_number DESC"))
				.hasMessage("order_by[2]: duplicate order_by field 'attribute.version_number'");
		}

		@Test
		void atMostTwentyFields() {
			List<String> many = new ArrayList<>(Collections.nCopies(21, "name"));
			refused(() -> RegistrySearch.models(null, many, 0, 1, null))
				.hasMessage("order_by: too many fields; at most 20 are allowed");
			refused(() -> RegistrySearch.versions(null, many, 0, 1, null))
				.hasMessage("order_by: too many fields; at most 20 are allowed");
		}

	}

	@Test
	void badPagesAreRefused() {
		refused(() -> RegistrySearch.models(null, null, -1, 10, null)).hasMessage("page_token: invalid page token");
		refused(() -> RegistrySearch.versions(null, null, 0, -1, null)).hasMessage("max_results: must not be negative");
	}

	private static Clause clause(Entity entity, String key, Operator operator, String text) {
		return new Clause(entity, key, operator, new Value.Text(text));
	}

}
