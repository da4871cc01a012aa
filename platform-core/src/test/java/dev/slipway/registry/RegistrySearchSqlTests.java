package dev.slipway.registry;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.tracking.search.SearchDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the registered model and model version searches against hand-made rows, on H2 in
 * PostgreSQL mode and on PostgreSQL, and checks which rows come back in which order.
 * Names are lower-case letters only, so that every collation sorts them alike.
 */
class RegistrySearchSqlTests {

	private static final String PROMPT = RegistrySearch.PROMPT_TAG;

	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	abstract static class Scenarios {

		private SearchDatabase database;

		private JdbcTemplate jdbc;

		private final Map<Long, String> modelNames = new HashMap<>();

		private final Map<Long, String> versionNames = new HashMap<>();

		private final Map<String, Long> modelIds = new HashMap<>();

		abstract SearchDatabase.Kind kind();

		@BeforeAll
		void createRows() {
			this.database = SearchDatabase.open(kind());
			this.jdbc = this.database.jdbc();
			long alpha = model("alpha", 100, 900);
			long beta = model("beta", 200, 800);
			long gamma = model("gamma", 300, 300);
			long delta = model("delta", 400, 700);
			long prompt = model("prompt", 500, 1000);
			long epsilon = model("epsilon", 600, 700);
			modelTag(alpha, "team", "vision");
			modelTag(alpha, "note", "50%_off");
			modelTag(beta, "team", "nlp");
			modelTag(beta, "owner", "me");
			modelTag(delta, "team", "Vision");
			modelTag(delta, "note", "50 off");
			modelTag(prompt, PROMPT, "true");
			modelTag(epsilon, PROMPT, "false");

			long alpha1 = version(alpha, 1, "r1", "models:/m-1", 100, 150, false);
			version(alpha, 2, "r2", "runs:/r2/model", 200, 600, false);
			version(alpha, 3, "r1", "models:/m-3", 300, 300, true);
			long beta1 = version(beta, 1, "r1", "s3://bucket/beta/1", 250, 600, false);
			version(gamma, 1, null, "file:///tmp/gamma", 50, 50, false);
			long gamma2 = version(gamma, 2, "r3", "models:/m-4", 60, 700, false);
			long prompt1 = version(prompt, 1, null, "prompt", 10, 10, false);
			versionTag(alpha1, "env", "prod");
			versionTag(beta1, "env", "dev");
			versionTag(gamma2, "env", "Prod");
			versionTag(prompt1, PROMPT, "true");
		}

		@AfterAll
		void dropRows() {
			this.database.close();
		}

		private long model(String name, long created, long updated) {
			long id = insert("INSERT INTO registered_models (name, creation_time, last_updated_time) VALUES (?, ?, ?)",
					name, created, updated);
			this.modelNames.put(id, name);
			this.modelIds.put(name, id);
			return id;
		}

		private void modelTag(long model, String key, String value) {
			this.jdbc.update("INSERT INTO registered_model_tags (model_id, tag_key, tag_value) VALUES (?, ?, ?)", model,
					key, value);
		}

		private long version(long model, int version, String run, String source, long created, long updated,
				boolean deleted) {
			long id = insert(
					"INSERT INTO model_versions (model_id, version, source, run_uuid, status, stage, deleted, "
							+ "creation_time, last_updated_time) VALUES (?, ?, ?, ?, 'READY', 'None', ?, ?, ?)",
					model, version, source, run, deleted, created, updated);
			this.versionNames.put(id, this.modelNames.get(model) + "/" + version);
			return id;
		}

		private void versionTag(long version, String key, String value) {
			this.jdbc.update("INSERT INTO model_version_tags (version_id, tag_key, tag_value) VALUES (?, ?, ?)",
					version, key, value);
		}

		private long insert(String sql, Object... args) {
			KeyHolder keys = new GeneratedKeyHolder();
			this.jdbc.update((connection) -> {
				PreparedStatement statement = connection.prepareStatement(sql, new String[] { "id" });
				for (int i = 0; i < args.length; i++) {
					statement.setObject(i + 1, args[i]);
				}
				return statement;
			}, keys);
			return keys.getKey().longValue();
		}

		private List<String> models(String filter, String... orderBy) {
			return modelsPage(filter, List.of(orderBy), 0, 100, null);
		}

		private List<String> modelsPage(String filter, List<String> orderBy, long offset, int limit, String readable) {
			return this.database.ids(RegistrySearch.models(filter, orderBy, offset, limit, readable))
				.stream()
				.map(this.modelNames::get)
				.toList();
		}

		private List<String> versions(String filter, String... orderBy) {
			return versionsPage(filter, List.of(orderBy), 0, 100, null);
		}

		private List<String> versionsPage(String filter, List<String> orderBy, long offset, int limit,
				String readable) {
			return this.database.ids(RegistrySearch.versions(filter, orderBy, offset, limit, readable))
				.stream()
				.map(this.versionNames::get)
				.toList();
		}

		// --- registered models ---------------------------------------------------------

		@Test
		void modelsByNameWithoutPrompts() {
			assertThat(models(null)).containsExactly("alpha", "beta", "delta", "epsilon", "gamma");
		}

		@Test
		void modelNameFilters() {
			assertThat(models("name = 'alpha'")).containsExactly("alpha");
			assertThat(models("name != 'alpha'")).containsExactly("beta", "delta", "epsilon", "gamma");
			assertThat(models("name LIKE '%a'")).containsExactly("alpha", "beta", "delta", "gamma");
			assertThat(models("name LIKE 'A%'")).isEmpty();
			assertThat(models("attribute.name ILIKE 'A%'")).containsExactly("alpha");
			assertThat(models("name IN ('gamma', 'alpha', 'nope')")).containsExactly("alpha", "gamma");
			assertThat(models("name NOT IN ('alpha', 'beta')")).containsExactly("delta", "epsilon", "gamma");
			assertThat(models("name = 'prompt'")).isEmpty();
		}

		@Test
		void modelTagFilters() {
			assertThat(models("tags.team = 'vision'")).containsExactly("alpha");
			assertThat(models("tag.team ILIKE 'VISION'")).containsExactly("alpha", "delta");
			assertThat(models("tags.team != 'vision'")).containsExactly("beta", "delta");
			assertThat(models("tags.`note` LIKE '50\\%%'")).containsExactly("alpha");
			assertThat(models("tags.note LIKE '50%'")).containsExactly("alpha", "delta");
			assertThat(models("tags.team LIKE '%' AND tags.owner = 'me'")).containsExactly("beta");
			assertThat(models("tags.team LIKE '%' AND tags.team != 'nlp' AND name LIKE 'd%'")).containsExactly("delta");
		}

		@Test
		void promptsOnlyWhenAskedFor() {
			assertThat(models("name LIKE '%' AND tag.`mlflow.prompt.is_prompt` != 'true'")).containsExactly("alpha",
					"beta", "delta", "epsilon", "gamma");
			assertThat(models("tags.`mlflow.prompt.is_prompt` = 'false'")).containsExactly("alpha", "beta", "delta",
					"epsilon", "gamma");
			assertThat(models("tags.`mlflow.prompt.is_prompt` = 'true'")).containsExactly("prompt");
			assertThat(models("tags.`mlflow.prompt.is_prompt` != 'false'")).containsExactly("prompt");
			assertThat(versions("tags.`mlflow.prompt.is_prompt` = 'true'")).containsExactly("prompt/1");
			assertThat(versions("name = 'prompt'")).isEmpty();
		}

		@Test
		void modelOrder() {
			assertThat(models(null, "creation_timestamp DESC")).containsExactly("epsilon", "delta", "gamma", "beta",
					"alpha");
			assertThat(models(null, "last_updated_timestamp")).containsExactly("gamma", "delta", "epsilon", "beta",
					"alpha");
			assertThat(models(null, "timestamp DESC")).containsExactly("alpha", "beta", "delta", "epsilon", "gamma");
			assertThat(models(null, "name DESC")).containsExactly("gamma", "epsilon", "delta", "beta", "alpha");
			assertThat(models("tags.team LIKE '%'", "attribute.creation_timestamp")).containsExactly("alpha", "beta",
					"delta");
		}

		@Test
		void modelPagesAreSlicesOfTheOrder() {
			List<String> all = models(null, "last_updated_timestamp DESC");
			List<String> paged = new ArrayList<>();
			for (int offset = 0; offset < all.size() + 2; offset += 2) {
				paged.addAll(modelsPage(null, List.of("last_updated_timestamp DESC"), offset, 2, null));
			}
			assertThat(paged).isEqualTo(all).hasSize(5);
			assertThat(modelsPage(null, null, 4, 10, null)).containsExactly("gamma");
			assertThat(modelsPage(null, null, 0, 0, null)).isEmpty();
		}

		@Test
		void onlyReadableModels() {
			String readable = "rm.id IN (" + this.modelIds.get("beta") + ", " + this.modelIds.get("gamma") + ", "
					+ this.modelIds.get("prompt") + ")";
			assertThat(modelsPage(null, List.of(), 0, 10, readable)).containsExactly("beta", "gamma");
			assertThat(versionsPage(null, List.of(), 0, 10, readable)).containsExactly("gamma/2", "beta/1", "gamma/1");
		}

		// --- model versions ------------------------------------------------------------

		@Test
		void versionsNewestUpdateFirstWithoutDeletedOrPrompts() {
			assertThat(versions(null)).containsExactly("gamma/2", "alpha/2", "beta/1", "alpha/1", "gamma/1");
		}

		@Test
		void versionNameAndNumberFilters() {
			assertThat(versions("name = 'alpha'")).containsExactly("alpha/2", "alpha/1");
			assertThat(versions("name IN ('alpha', 'gamma')")).containsExactly("gamma/2", "alpha/2", "alpha/1",
					"gamma/1");
			assertThat(versions("name NOT IN ('alpha')")).containsExactly("gamma/2", "beta/1", "gamma/1");
			assertThat(versions("name ILIKE 'G%'")).containsExactly("gamma/2", "gamma/1");
			assertThat(versions("version_number = 1")).containsExactly("beta/1", "alpha/1", "gamma/1");
			assertThat(versions("version_number > 1")).containsExactly("gamma/2", "alpha/2");
			assertThat(versions("version_number != 2 AND name = 'alpha'")).containsExactly("alpha/1");
			assertThat(versions("version_number >= 3")).isEmpty();
			assertThat(versions("version_number <= 1e0 AND version_number < 2")).hasSize(3);
		}

		@Test
		void versionRunAndSourceFilters() {
			assertThat(versions("run_id = 'r1'")).containsExactly("beta/1", "alpha/1");
			assertThat(versions("run_id IN ('r1', 'r3')")).containsExactly("gamma/2", "beta/1", "alpha/1");
			assertThat(versions("run_id != 'r1'")).containsExactly("gamma/2", "alpha/2");
			assertThat(versions("run_id NOT IN ('r1')")).containsExactly("gamma/2", "alpha/2");
			assertThat(versions("run_id LIKE 'r%'")).containsExactly("gamma/2", "alpha/2", "beta/1", "alpha/1");
			assertThat(versions("source_path LIKE 'models:/%'")).containsExactly("gamma/2", "alpha/1");
			assertThat(versions("source_path = 'file:///tmp/gamma'")).containsExactly("gamma/1");
			assertThat(versions("source_path ILIKE 'S3://%'")).containsExactly("beta/1");
			assertThat(versions("source_path != 'models:/m-1' AND run_id = 'r1'")).containsExactly("beta/1");
		}

		@Test
		void versionTagFilters() {
			assertThat(versions("tags.env = 'prod'")).containsExactly("alpha/1");
			assertThat(versions("tag.env ILIKE 'PROD'")).containsExactly("gamma/2", "alpha/1");
			assertThat(versions("tags.env != 'prod'")).containsExactly("gamma/2", "beta/1");
			assertThat(versions("tags.env LIKE '%' AND name = 'beta'")).containsExactly("beta/1");
		}

		@Test
		void versionOrder() {
			assertThat(versions(null, "version_number")).containsExactly("alpha/1", "beta/1", "gamma/1", "alpha/2",
					"gamma/2");
			assertThat(versions(null, "name DESC")).containsExactly("gamma/2", "gamma/1", "beta/1", "alpha/2",
					"alpha/1");
			assertThat(versions(null, "creation_timestamp")).containsExactly("gamma/1", "gamma/2", "alpha/1", "alpha/2",
					"beta/1");
			assertThat(versions(null, "last_updated_timestamp ASC")).containsExactly("gamma/1", "alpha/1", "alpha/2",
					"beta/1", "gamma/2");
			assertThat(versions("name = 'alpha'", "version_number DESC")).containsExactly("alpha/2", "alpha/1");
		}

		@Test
		void versionPagesAreSlicesOfTheOrder() {
			List<String> all = versions(null);
			List<String> paged = new ArrayList<>();
			for (int offset = 0; offset < all.size(); offset += 2) {
				paged.addAll(versionsPage(null, null, offset, 2, null));
			}
			assertThat(paged).isEqualTo(all).hasSize(5);
			assertThat(versionsPage("run_id = 'r1'", List.of(), 1, 5, null)).containsExactly("alpha/1");
		}

	}

	@Nested
	class OnH2 extends Scenarios {

		@Override
		SearchDatabase.Kind kind() {
			return SearchDatabase.Kind.H2;
		}

	}

	@Nested
	@Requires(Requirement.POSTGRESQL)
	class OnPostgresql extends Scenarios {

		@Override
		SearchDatabase.Kind kind() {
			return SearchDatabase.Kind.POSTGRESQL;
		}

	}

}
