package dev.slipway.tracking.search;

import java.util.ArrayList;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the built searches against hand-made rows, on H2 in PostgreSQL mode and on
 * PostgreSQL, and checks the ids and their order.
 */
class SearchSqlTests {

	private static final double NAN = Double.NaN;

	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	abstract static class Scenarios {

		private SearchDatabase database;

		private SearchFixtures rows;

		private long a;

		private long b;

		abstract SearchDatabase.Kind kind();

		@BeforeAll
		void createRows() {
			this.database = SearchDatabase.open(kind());
			this.rows = new SearchFixtures(this.database.jdbc());
			this.rows.nameDefaultExperiment();
			this.a = this.rows.experiment("alpha", 100, 500, "active");
			this.b = this.rows.experiment("beta", 200, 400, "active");
			long gamma = this.rows.experiment("gamma", 200, 300, "deleted");
			this.rows.experiment("delta", 300, 300, "active");
			this.rows.experimentTag(this.a, "owner", "me");
			this.rows.experimentTag(this.b, "owner", "you");
			this.rows.experimentTag(gamma, "owner", "me");
			createRuns();
			createModels();
		}

		private void createRuns() {
			long run01 = this.rows.run(this.a, "run01", "alpha", "alice", "FINISHED", 1000L, 2000L, "active");
			long run02 = this.rows.run(this.a, "run02", "beta", "bob", "FINISHED", 2000L, 3000L, "active");
			long run03 = this.rows.run(this.a, "run03", "gamma", "alice", "RUNNING", 3000L, null, "active");
			long run04 = this.rows.run(this.a, "run04", "delta", null, "FAILED", 4000L, 4500L, "active");
			long run05 = this.rows.run(this.a, "run05", "epsilon", "carol", "FINISHED", 5000L, 6000L, "active");
			long run06 = this.rows.run(this.a, "run06", "zeta", "bob", "KILLED", 6000L, 7000L, "deleted");
			long run07 = this.rows.run(this.a, "run07", "eta", "alice", "FINISHED", 2000L, 2500L, "active");
			long run08 = this.rows.run(this.b, "run08", "theta", "dave", "FINISHED", 1500L, 1600L, "active");
			this.rows.metric(run01, "acc", 0.9);
			this.rows.metric(run01, "loss", 0.1);
			this.rows.metric(run02, "acc", 0.7);
			this.rows.metric(run02, "loss", NAN);
			this.rows.metric(run03, "acc", NAN);
			this.rows.metric(run04, "acc", Double.POSITIVE_INFINITY);
			this.rows.metric(run04, "loss", Double.NEGATIVE_INFINITY);
			this.rows.metric(run06, "acc", 0.95);
			this.rows.metric(run07, "acc", 0.7);
			this.rows.metric(run08, "acc", 0.99);
			this.rows.metric(run01, "my key/1", 1.0);
			this.rows.param(run01, "lr", "0.01");
			this.rows.param(run02, "lr", "0.1");
			this.rows.param(run03, "lr", "0.001");
			this.rows.param(run05, "lr", "0.01");
			this.rows.param(run01, "opt", "adam");
			this.rows.param(run02, "opt", "sgd");
			this.rows.param(run04, "opt", "Adam");
			this.rows.param(run01, "pattern", "50%_off");
			this.rows.param(run02, "pattern", "50 off");
			this.rows.tag(run01, "team", "vision");
			this.rows.tag(run02, "team", "nlp");
			this.rows.tag(run03, "team", "Vision");
			this.rows.tag(run05, "team", "vision");
			this.rows.tag(run06, "team", "vision");
			this.rows.tag(run01, "prio", "b");
			this.rows.tag(run02, "prio", "a");
			this.rows.tag(run04, "prio", "c");
			this.rows.tag(run01, "quote", "it's");
			long train = this.rows.dataset(this.a, "train", "d1");
			long eval = this.rows.dataset(this.a, "eval", "d2");
			this.rows.input(run01, train, "training");
			this.rows.input(run02, eval, "eval");
			this.rows.input(run03, train, null);
		}

		private void createModels() {
			long run01 = runId("run01");
			long run02 = runId("run02");
			long m1 = this.rows.model(this.a, "m-001", "model-a", "LOGGED_MODEL_READY", "sklearn", run01, 100,
					"active");
			long m2 = this.rows.model(this.a, "m-002", "model-b", "LOGGED_MODEL_PENDING", null, null, 200, "active");
			this.rows.model(this.a, "m-003", "model-c", "LOGGED_MODEL_READY", "pytorch", run02, 300, "active");
			long m4 = this.rows.model(this.a, "m-004", "model-d", "LOGGED_MODEL_READY", "sklearn", null, 400,
					"deleted");
			this.rows.model(this.b, "m-005", "model-e", "LOGGED_MODEL_READY", "sklearn", null, 50, "active");
			this.rows.modelMetric(m1, "acc", 0.8, 10, "train", "d1");
			this.rows.modelMetric(m1, "acc", 0.9, 20, "eval", "d2");
			this.rows.modelMetric(m2, "acc", NAN, 5, "eval", "d2");
			this.rows.modelMetric(m4, "acc", 1.0, 5, "eval", "d2");
			this.rows.modelParam(m1, "lr", "0.1");
			this.rows.modelParam(m2, "lr", "0.2");
			this.rows.modelTag(m1, "stage", "prod");
			this.rows.modelTag(m2, "stage", "dev");
		}

		@AfterAll
		void dropRows() {
			this.database.close();
		}

		private long runId(String uuid) {
			return this.database.jdbc().queryForObject("SELECT id FROM runs WHERE run_uuid = ?", Long.class, uuid);
		}

		// --- runs -------------------------------------------------------------------

		private List<String> runs(String filter, String... orderBy) {
			return runs(List.of(this.a), ViewType.ACTIVE_ONLY, filter, List.of(orderBy), 0, 100);
		}

		private List<String> runs(List<Long> experiments, ViewType view, String filter, List<String> orderBy,
				long offset, int limit) {
			return this.rows
				.runUuids(this.database.ids(RunSearch.sql(experiments, view, filter, orderBy, offset, limit)));
		}

		@Test
		void runsWithoutFilterComeNewestFirstThenByRunId() {
			assertThat(runs(null)).containsExactly("run05", "run04", "run03", "run02", "run07", "run01");
			assertThat(runs("  ")).containsExactly("run05", "run04", "run03", "run02", "run07", "run01");
		}

		@Test
		void runViewTypesSelectLifecycleStages() {
			assertThat(runs(List.of(this.a), ViewType.DELETED_ONLY, "", List.of(), 0, 100)).containsExactly("run06");
			assertThat(runs(List.of(this.a), ViewType.ALL, "", List.of(), 0, 100)).containsExactly("run06", "run05",
					"run04", "run03", "run02", "run07", "run01");
			assertThat(runs(List.of(this.a), null, "", null, 0, 100)).hasSize(6);
		}

		@Test
		void runsOfSeveralExperiments() {
			assertThat(runs(List.of(this.a, this.b), ViewType.ACTIVE_ONLY, "attributes.start_time < 2000", List.of(), 0,
					100))
				.containsExactly("run08", "run01");
		}

		@Test
		void metricComparisonsTreatNanAsUnordered() {
			assertThat(runs("metrics.acc > 0.8")).containsExactly("run04", "run01");
			assertThat(runs("metrics.acc >= 0.7 AND metrics.acc <= 0.9")).containsExactly("run02", "run07", "run01");
			assertThat(runs("metrics.acc = 0.7")).containsExactly("run02", "run07");
			assertThat(runs("metric.acc != 0.7")).containsExactly("run04", "run03", "run01");
			assertThat(runs("metrics.acc < 1")).containsExactly("run02", "run07", "run01");
			assertThat(runs("metrics.loss < 0")).containsExactly("run04");
			assertThat(runs("metrics.loss > -1e999")).containsExactly("run01");
			assertThat(runs("metrics.acc >= 1e999")).containsExactly("run04");
			assertThat(runs("metrics.acc > -.5e1 and metrics.`my key/1` = 1")).containsExactly("run01");
		}

		@Test
		void runsLackingTheMetricParamOrTagNeverMatch() {
			assertThat(runs("params.lr != '0.01'")).containsExactly("run03", "run02");
			assertThat(runs("tags.team != 'vision'")).containsExactly("run03", "run02");
			assertThat(runs("metrics.loss != 5")).containsExactly("run04", "run02", "run01");
		}

		@Test
		void paramAndTagStringComparisons() {
			assertThat(runs("params.lr = '0.01'")).containsExactly("run05", "run01");
			assertThat(runs("param.opt LIKE 'a%'")).containsExactly("run01");
			assertThat(runs("parameters.opt ILIKE 'A%'")).containsExactly("run04", "run01");
			assertThat(runs("params.\"opt\" = \"Adam\"")).containsExactly("run04");
			assertThat(runs("tags.team = 'vision'")).containsExactly("run05", "run01");
			assertThat(runs("tag.team ilike 'VISION'")).containsExactly("run05", "run03", "run01");
			assertThat(runs("tags.team LIKE '_ision'")).containsExactly("run05", "run03", "run01");
			assertThat(runs("tags.team LIKE 'v%'")).containsExactly("run05", "run01");
			assertThat(runs("tags.quote = 'it''s'")).containsExactly("run01");
			assertThat(runs("tags.quote = \"it's\"")).containsExactly("run01");
		}

		@Test
		void likeKeepsBackslashEscapes() {
			assertThat(runs("params.pattern LIKE '50\\%%'")).containsExactly("run01");
			assertThat(runs("params.pattern LIKE '50%'")).containsExactly("run02", "run01");
		}

		@Test
		void stringAttributes() {
			assertThat(runs("attributes.status = 'FINISHED'")).containsExactly("run05", "run02", "run07", "run01");
			assertThat(runs("status != 'FINISHED'")).containsExactly("run04", "run03");
			assertThat(runs("attribute.run_name LIKE '%ta'")).containsExactly("run04", "run02", "run07");
			assertThat(runs("`Run name` = 'alpha'")).containsExactly("run01");
			assertThat(runs("\"run name\" ILIKE 'ALPHA'")).containsExactly("run01");
			assertThat(runs("user_id != 'alice'")).containsExactly("run05", "run02");
			assertThat(runs("run.artifact_uri LIKE '%run03'")).containsExactly("run03");
			assertThat(runs("attributes.run_id IN ('run01', 'run03', 'nope')")).containsExactly("run03", "run01");
			assertThat(runs("attr.run_id NOT IN ('run01', 'run03')")).containsExactly("run05", "run04", "run02",
					"run07");
			assertThat(runs("run_id = 'run02'")).containsExactly("run02");
		}

		@Test
		void numericAttributes() {
			assertThat(runs("attributes.start_time >= 3000")).containsExactly("run05", "run04", "run03");
			assertThat(runs("created < 2500")).containsExactly("run02", "run07", "run01");
			assertThat(runs("Created = 2000")).containsExactly("run02", "run07");
			assertThat(runs("end_time > 0")).containsExactly("run05", "run04", "run02", "run07", "run01");
			assertThat(runs("end_time != 2500")).containsExactly("run05", "run04", "run02", "run01");
			assertThat(runs("start_time = 1e3")).containsExactly("run01");
		}

		@Test
		void datasetFilters() {
			assertThat(runs("dataset.name = 'train'")).containsExactly("run03", "run01");
			assertThat(runs("datasets.context = 'eval'")).containsExactly("run02");
			assertThat(runs("dataset.context LIKE 'train%'")).containsExactly("run01");
			assertThat(runs("dataset.digest IN ('d1', 'd2')")).containsExactly("run03", "run02", "run01");
			assertThat(runs("dataset.name NOT IN ('train')")).containsExactly("run02");
		}

		@Test
		void combinedClauses() {
			assertThat(runs("metrics.acc > 0.5 AND params.lr = '0.01' AND tags.team = 'vision'"))
				.containsExactly("run01");
			assertThat(runs("metrics.acc > 0.5 AND params.lr = '0.1' AND tags.team = 'vision'")).isEmpty();
		}

		@Test
		void orderByMetricPutsNanThenMissingLastInBothDirections() {
			assertThat(runs(null, "metrics.acc DESC")).containsExactly("run04", "run01", "run02", "run07", "run03",
					"run05");
			assertThat(runs(null, "metrics.acc ASC")).containsExactly("run02", "run07", "run01", "run04", "run03",
					"run05");
			assertThat(runs(null, "metric.loss")).containsExactly("run04", "run01", "run02", "run05", "run03", "run07");
		}

		@Test
		void orderByParamTagAndAttributesPutsMissingLast() {
			assertThat(runs(null, "params.lr")).containsExactly("run03", "run05", "run01", "run02", "run04", "run07");
			assertThat(runs(null, "params.lr DESC")).containsExactly("run02", "run05", "run01", "run03", "run04",
					"run07");
			assertThat(runs(null, "tags.prio desc")).containsExactly("run04", "run01", "run02", "run05", "run03",
					"run07");
			assertThat(runs(null, "attributes.end_time")).containsExactly("run01", "run07", "run02", "run04", "run05",
					"run03");
			assertThat(runs(null, "end_time DESC")).containsExactly("run05", "run04", "run02", "run07", "run01",
					"run03");
			assertThat(runs(null, "user_id DESC")).containsExactly("run05", "run02", "run03", "run07", "run01",
					"run04");
			assertThat(runs(null, "run_name")).containsExactly("run01", "run02", "run04", "run05", "run07", "run03");
		}

		@Test
		void orderByStartTimeReplacesTheDefault() {
			assertThat(runs(null, "attributes.start_time ASC")).containsExactly("run01", "run02", "run07", "run03",
					"run04", "run05");
			assertThat(runs(null, "created DESC")).containsExactly("run05", "run04", "run03", "run02", "run07",
					"run01");
			assertThat(runs(null, "attributes.status", "run_id DESC")).containsExactly("run04", "run07", "run05",
					"run02", "run01", "run03");
		}

		@Test
		void orderByTwoKeysAndFilter() {
			assertThat(runs("metrics.acc >= 0", "params.lr", "metrics.acc DESC")).containsExactly("run01", "run02",
					"run04", "run07");
			assertThat(runs("metrics.acc != 0.7", "metrics.acc DESC")).containsExactly("run04", "run01", "run03");
			assertThat(runs("metrics.acc > 0", "metrics.acc ASC")).containsExactly("run02", "run07", "run01", "run04");
			assertThat(runs("metrics.acc > 0 AND metrics.acc < 0.8", "metrics.acc ASC", "params.lr DESC"))
				.containsExactly("run02", "run07");
			assertThat(runs("params.lr != '0.1'", "params.lr DESC")).containsExactly("run05", "run01", "run03");
			assertThat(runs("tags.prio LIKE '%'", "tags.prio")).containsExactly("run02", "run01", "run04");
		}

		@Test
		void pagesAreStableSlicesOfTheOrder() {
			List<String> all = runs(null, "metrics.acc DESC");
			List<String> paged = new ArrayList<>();
			for (int offset = 0; offset < all.size(); offset += 4) {
				paged.addAll(runs(List.of(this.a), ViewType.ACTIVE_ONLY, null, List.of("metrics.acc DESC"), offset, 4));
			}
			assertThat(paged).isEqualTo(all);
			assertThat(runs(List.of(this.a), ViewType.ACTIVE_ONLY, null, List.of(), 2, 2)).containsExactly("run03",
					"run02");
			assertThat(runs(List.of(this.a), ViewType.ACTIVE_ONLY, null, List.of(), 100, 2)).isEmpty();
			assertThat(runs(List.of(this.a), ViewType.ACTIVE_ONLY, null, List.of(), 0, 0)).isEmpty();
		}

		// --- experiments
		// ----------------------------------------------------------------

		private List<String> experiments(ViewType view, String filter, String... orderBy) {
			return experimentsPage(view, filter, List.of(orderBy), 0, 100);
		}

		private List<String> experimentsPage(ViewType view, String filter, List<String> orderBy, long offset,
				int limit) {
			return this.rows
				.experimentNames(this.database.ids(ExperimentSearch.sql(view, filter, orderBy, offset, limit)));
		}

		@Test
		void experimentsDefaultToNewestFirstThenLowestId() {
			assertThat(experiments(ViewType.ACTIVE_ONLY, null)).containsExactly("delta", "beta", "alpha", "Default");
			assertThat(experiments(ViewType.ALL, "")).containsExactly("delta", "beta", "gamma", "alpha", "Default");
			assertThat(experiments(ViewType.DELETED_ONLY, null)).containsExactly("gamma");
			assertThat(experiments(null, null)).hasSize(4);
		}

		@Test
		void experimentFilters() {
			assertThat(experiments(ViewType.ALL, "name LIKE '%a'")).containsExactly("delta", "beta", "gamma", "alpha");
			assertThat(experiments(ViewType.ALL, "attribute.name ILIKE 'DEF%'")).containsExactly("Default");
			assertThat(experiments(ViewType.ALL, "name = 'beta'")).containsExactly("beta");
			assertThat(experiments(ViewType.ACTIVE_ONLY, "name != 'beta'")).containsExactly("delta", "alpha",
					"Default");
			assertThat(experiments(ViewType.ALL, "creation_time > 150 AND last_update_time <= 400"))
				.containsExactly("delta", "beta", "gamma");
			assertThat(experiments(ViewType.ALL, "tags.owner = 'me'")).containsExactly("gamma", "alpha");
			assertThat(experiments(ViewType.ALL, "tag.owner != 'me'")).containsExactly("beta");
			assertThat(experiments(ViewType.ALL, "tags.`owner` LIKE 'y%'")).containsExactly("beta");
		}

		@Test
		void experimentOrder() {
			assertThat(experiments(ViewType.ALL, "creation_time > 0", "name")).containsExactly("alpha", "beta", "delta",
					"gamma");
			assertThat(experiments(ViewType.ALL, null, "last_update_time")).containsExactly("Default", "delta", "gamma",
					"beta", "alpha");
			assertThat(experiments(ViewType.ALL, null, "experiment_id DESC")).containsExactly("delta", "gamma", "beta",
					"alpha", "Default");
			assertThat(experiments(ViewType.ALL, null, "attribute.creation_time", "experiment_id ASC"))
				.containsExactly("Default", "alpha", "beta", "gamma", "delta");
		}

		@Test
		void experimentPages() {
			assertThat(experimentsPage(ViewType.ALL, null, null, 1, 2)).containsExactly("beta", "gamma");
			assertThat(experimentsPage(ViewType.ALL, null, List.of(), 4, 2)).containsExactly("Default");
		}

		// --- logged models
		// --------------------------------------------------------------

		private List<String> models(String filter, List<LoggedModelOrder> orderBy, List<DatasetFilter> datasets) {
			return modelsPage(List.of(this.a), filter, orderBy, datasets, 0, 100);
		}

		private List<String> modelsPage(List<Long> experiments, String filter, List<LoggedModelOrder> orderBy,
				List<DatasetFilter> datasets, long offset, int limit) {
			return this.rows.modelIds(
					this.database.ids(LoggedModelSearch.sql(experiments, filter, orderBy, datasets, offset, limit)));
		}

		@Test
		void modelsDefaultToNewestFirstWithoutDeleted() {
			assertThat(models(null, null, null)).containsExactly("m-003", "m-002", "m-001");
			assertThat(modelsPage(List.of(this.a, this.b), "", List.of(), List.of(), 0, 100)).containsExactly("m-003",
					"m-002", "m-001", "m-005");
			assertThat(modelsPage(List.of(this.a, this.b), "", List.of(), List.of(), 1, 2)).containsExactly("m-002",
					"m-001");
		}

		@Test
		void modelMetricFiltersMatchAnyLoggedValueOnTheGivenDatasets() {
			assertThat(models("metrics.acc > 0.85", null, null)).containsExactly("m-001");
			assertThat(models("metrics.acc < 0.85", null, null)).containsExactly("m-001");
			assertThat(models("metrics.acc != 0.5", null, null)).containsExactly("m-002", "m-001");
			assertThat(models("metrics.acc < 0.85", null, List.of(new DatasetFilter("eval", null)))).isEmpty();
			assertThat(models("metrics.acc < 0.85", null, List.of(new DatasetFilter("train", "d1"))))
				.containsExactly("m-001");
			assertThat(models(null, null, List.of(new DatasetFilter("eval", "d2")))).containsExactly("m-002", "m-001");
			assertThat(models(null, null, List.of(new DatasetFilter("train", "nope")))).isEmpty();
		}

		@Test
		void modelAttributeParamAndTagFilters() {
			assertThat(models("params.lr IN ('0.1', '0.3')", null, null)).containsExactly("m-001");
			assertThat(models("params.lr NOT IN ('0.1')", null, null)).containsExactly("m-002");
			assertThat(models("tags.stage != 'prod'", null, null)).containsExactly("m-002");
			assertThat(models("tags.stage LIKE 'd%'", null, null)).containsExactly("m-002");
			assertThat(models("name LIKE 'model-%' AND model_type = 'sklearn'", null, null)).containsExactly("m-001");
			assertThat(models("attributes.status = 'LOGGED_MODEL_READY'", null, null)).containsExactly("m-003",
					"m-001");
			assertThat(models("source_run_id = 'run01'", null, null)).containsExactly("m-001");
			assertThat(models("source_run_id IN ('run01', 'run02')", null, null)).containsExactly("m-003", "m-001");
			assertThat(models("source_run_id != 'run01'", null, null)).containsExactly("m-003");
			assertThat(models("creation_timestamp > 150", null, null)).containsExactly("m-003", "m-002");
			assertThat(models("creation_time <= 200 AND last_updated_timestamp > 150", null, null))
				.containsExactly("m-002");
			assertThat(models("model_id = 'm-002'", null, null)).containsExactly("m-002");
			assertThat(models("model_id IN ('m-002', 'm-004')", null, null)).containsExactly("m-002");
			assertThat(models("model_type ILIKE 'SK%'", null, null)).containsExactly("m-001");
		}

		@Test
		void modelOrder() {
			assertThat(models(null, List.of(LoggedModelOrder.of("metrics.acc", false)), null)).containsExactly("m-001",
					"m-002", "m-003");
			assertThat(models(null, List.of(LoggedModelOrder.of("metrics.acc", true)), null)).containsExactly("m-001",
					"m-002", "m-003");
			assertThat(models(null, List.of(LoggedModelOrder.of("name", false)), null)).containsExactly("m-003",
					"m-002", "m-001");
			assertThat(models(null, List.of(new LoggedModelOrder("model_type", null, null, null)), null))
				.containsExactly("m-003", "m-001", "m-002");
			assertThat(models(null, List.of(LoggedModelOrder.of("model_type", false)), null)).containsExactly("m-001",
					"m-003", "m-002");
			assertThat(models(null, List.of(LoggedModelOrder.of("source_run_id", true)), null)).containsExactly("m-001",
					"m-003", "m-002");
			assertThat(models(null, List.of(LoggedModelOrder.of("creation_time", true)), null)).containsExactly("m-001",
					"m-002", "m-003");
			assertThat(models(null,
					List.of(LoggedModelOrder.of("status", true), LoggedModelOrder.of("model_id", false)), null))
				.containsExactly("m-002", "m-003", "m-001");
		}

		@Test
		void modelOrderByMetricOnOneDataset() {
			List<LoggedModelOrder> train = List.of(new LoggedModelOrder("metrics.acc", false, "train", null));
			assertThat(models("metrics.acc >= 0", train, null)).containsExactly("m-001");
			assertThat(models(null, List.of(new LoggedModelOrder("metrics.acc", false, "eval", "d2")), null))
				.containsExactly("m-001", "m-002", "m-003");
			assertThat(
					models(null,
							List.of(new LoggedModelOrder("metrics.acc", false, "train", "d1"),
									LoggedModelOrder.of("name", true)),
							null))
				.containsExactly("m-001", "m-002", "m-003");
		}

		@Test
		void builtQueriesRejectBadArguments() {
			assertThatThrownBy(() -> RunSearch.sql(List.of(), ViewType.ALL, null, null, 0, 10))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
				.hasMessage("experiment_ids: at least one experiment id is required");
			assertThatThrownBy(() -> RunSearch.sql(List.of(this.a), ViewType.ALL, null, null, -1, 10))
				.hasMessage("page_token: invalid page token");
			assertThatThrownBy(() -> LoggedModelSearch.sql(List.of(this.a), null, null,
					List.of(new DatasetFilter(null, "d1")), 0, 10))
				.hasMessage("datasets: dataset_name must be specified");
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
