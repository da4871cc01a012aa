package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.List;

import dev.slipway.CoreTestApplication;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;
import dev.slipway.query.Page;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.testsupport.WithSlipwayUser;
import dev.slipway.tracking.search.ViewType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tracking services on both databases: the vendor-specific upserts (latest metric,
 * rollups) must agree, and every rule must hold on PostgreSQL and on the embedded H2
 * alike.
 */
class RunServiceTest {

	@WithSlipwayUser
	abstract static class Contract {

		@Autowired
		ExperimentService experiments;

		@Autowired
		RunService runs;

		@Autowired
		JdbcClient jdbc;

		String experiment() {
			return this.experiments.create("exp-" + System.nanoTime(), null, List.of());
		}

		String run() {
			return this.runs.create(experiment(), "tester", 1000L, null, List.of()).info().runId();
		}

		@Test
		void latestMetricFollowsStepThenTimestampThenValueWhateverTheArrivalOrder() {
			String run = run();
			this.runs.logBatch(run, List.of(point("m", 5, 100, 3), point("m", 9, 50, 2)), List.of(), List.of());
			this.runs.logBatch(run, List.of(point("m", 1, 10, 3), point("m", 2, 100, 3)), List.of(), List.of());
			this.runs.logBatch(run, List.of(point("m", 7, 999, 1)), List.of(), List.of());
			assertThat(this.runs.get(run).metrics()).containsExactly(new Metric("m", 5, 100, 3));
		}

		@Test
		void identicalPointsAreStoredOnceAndNanIsAValue() {
			String run = run();
			List<MetricInput> batch = List.of(point("loss", Double.NaN, 1, 1), point("loss", 0.5, 2, 2));
			this.runs.logBatch(run, batch, List.of(), List.of());
			this.runs.logBatch(run, batch, List.of(), List.of());
			List<Metric> history = this.runs.history(run, "loss", null, null).items();
			assertThat(history).hasSize(2);
			assertThat(history.get(0).value()).isNaN();
		}

		@Test
		void repeatsWithinABatchAndResentBatchesAreStoredOnce() {
			String run = run();
			this.runs.logBatch(run, List.of(point("loss", 0.5, 10, 1), point("loss", 0.5, 10, 1),
					point("loss", Double.NaN, 20, 2), point("loss", Double.NaN, 20, 2)), List.of(), List.of());
			// New points sorted before and after stored ones: on PostgreSQL the COPY
			// stops midway and the deduplicating insert takes the whole batch.
			List<MetricInput> resent = List.of(point("acc", 0.9, 10, 1), point("loss", 0.5, 10, 1),
					point("loss", Double.NaN, 20, 2), point("loss", 0.25, 30, 3));
			this.runs.logBatch(run, resent, List.of(), List.of());
			this.runs.logBatch(run, resent, List.of(), List.of());
			assertThat(this.runs.history(run, "loss", null, null).items()).extracting(Metric::step)
				.containsExactly(1L, 2L, 3L);
			assertThat(this.runs.history(run, "acc", null, null).items())
				.containsExactly(new Metric("acc", 0.9, 10, 1));
			assertThat(this.runs.get(run).metrics()).containsExactly(new Metric("acc", 0.9, 10, 1),
					new Metric("loss", 0.25, 30, 3));
		}

		@Test
		void deletingRunsDeletesTheirPoints() {
			String experiment = experiment();
			String kept = this.runs.create(experiment, "tester", 1000L, null, List.of()).info().runId();
			String deleted = this.runs.create(experiment, "tester", 1000L, null, List.of()).info().runId();
			String other = run();
			for (String run : List.of(kept, deleted, other)) {
				this.runs.logBatch(run, List.of(point("loss", 0.5, 10, 1), point("loss", 0.25, 20, 2)), List.of(),
						List.of());
			}
			long keptId = runId(kept);
			long deletedId = runId(deleted);
			long otherId = runId(other);
			// No service deletes a run for good yet: whatever will (a garbage collector,
			// an operator) deletes rows, and the points must go with them.
			this.jdbc.sql("DELETE FROM runs WHERE id = ?").param(deletedId).update();
			assertThat(points(deletedId)).isZero();
			assertThat(points(keptId)).isEqualTo(2);
			String third = this.runs.create(experiment, "tester", 1000L, null, List.of()).info().runId();
			this.runs.logBatch(third, List.of(point("acc", 0.5, 10, 1)), List.of(), List.of());
			long thirdId = runId(third);
			this.jdbc.sql("DELETE FROM runs WHERE experiment_id = ?").param(Long.parseLong(experiment)).update();
			assertThat(points(keptId)).isZero();
			assertThat(points(thirdId)).isZero();
			assertThat(points(otherId)).isEqualTo(2);
		}

		private long runId(String runUuid) {
			return this.jdbc.sql("SELECT id FROM runs WHERE run_uuid = ?").param(runUuid).query(Long.class).single();
		}

		private long points(long runId) {
			return this.jdbc.sql("SELECT COUNT(*) FROM metrics WHERE run_id = ?")
				.param(runId)
				.query(Long.class)
				.single();
		}

		@Test
		void paramsAreImmutableAndABadBatchWritesNothing() {
			String run = run();
			this.runs.logParam(run, new KeyValue("lr", "0.1"));
			this.runs.logParam(run, new KeyValue("lr", "0.1"));
			assertThatThrownBy(() -> this.runs.logBatch(run, List.of(point("x", 1, 1, 1)),
					List.of(new KeyValue("lr", "0.2")), List.of(new KeyValue("t", "v"))))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
			Run stored = this.runs.get(run);
			assertThat(stored.metrics()).isEmpty();
			assertThat(stored.tags()).extracting(KeyValue::key).doesNotContain("t");
		}

		@Test
		void deletedRunsRefuseWritesAndMoveBetweenViews() {
			String experiment = experiment();
			String run = this.runs.create(experiment, "tester", 1000L, "r", List.of()).info().runId();
			this.runs.delete(run);
			assertThatThrownBy(() -> this.runs.setTag(run, new KeyValue("a", "b"))).isInstanceOfSatisfying(
					SlipwayException.class, (ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_STATE));
			assertThat(ids(this.runs.search(List.of(experiment), "", ViewType.DELETED_ONLY, null, List.of(), null)))
				.containsExactly(run);
			assertThat(ids(this.runs.search(List.of(experiment), "", ViewType.ACTIVE_ONLY, null, List.of(), null)))
				.isEmpty();
			this.runs.restore(run);
			assertThat(ids(this.runs.search(List.of(experiment), "", ViewType.ACTIVE_ONLY, null, List.of(), null)))
				.containsExactly(run);
		}

		@Test
		void searchPagesThroughEveryRunOnce() {
			String experiment = experiment();
			List<String> created = new ArrayList<>();
			for (int i = 0; i < 7; i++) {
				String run = this.runs.create(experiment, "tester", 1000L + i, "r" + i, List.of()).info().runId();
				this.runs.logMetric(run, point("rmse", i * 0.1, 1, 0));
				created.add(run);
			}
			List<String> seen = new ArrayList<>();
			String token = null;
			do {
				Page<Run> page = this.runs.search(List.of(experiment), "metrics.rmse >= 0", ViewType.ACTIVE_ONLY, 3L,
						List.of("metrics.rmse DESC"), token);
				seen.addAll(ids(page));
				token = page.nextPageToken();
			}
			while (token != null);
			java.util.Collections.reverse(created);
			assertThat(seen).containsExactlyElementsOf(created);
		}

		@Test
		void sampledAndChartHistoriesKeepSpikesAndTheirLimits() {
			String run = run();
			for (int batch = 0; batch < 20; batch++) {
				List<MetricInput> points = new ArrayList<>();
				for (int i = 0; i < 1000; i++) {
					long step = batch * 1000L + i;
					double value = (step == 12_345) ? 1e6 : (step == 4_321) ? -1e6 : Math.sin(step / 100.0);
					points.add(point("wave", value, step, step));
				}
				this.runs.logBatch(run, points, List.of(), List.of());
			}
			List<RunMetric> chart = this.runs.chartHistory(List.of(run), "wave", null, null, 200L);
			assertThat(chart).as("a chart's budget").hasSizeLessThanOrEqualTo(200).hasSizeGreaterThan(100);
			assertThat(chart).extracting((p) -> p.metric().value()).contains(1e6, -1e6);
			assertThat(chart).extracting((p) -> p.metric().step()).isSorted();
			List<RunMetric> sampled = this.runs.sampledHistory(List.of(run), "wave", null, null, 200L);
			assertThat(sampled).as("MLflow's: never fewer than asked").hasSizeBetween(200, 401);
			assertThat(sampled).extracting((p) -> p.metric().value()).contains(1e6, -1e6);
			assertThat(sampled).extracting((p) -> p.metric().step()).isSorted().contains(0L, 19_999L);
			List<RunMetric> window = this.runs.sampledHistory(List.of(run), "wave", 100L, 199L, 200L);
			assertThat(window).hasSize(100).allSatisfy((p) -> assertThat(p.runId()).isEqualTo(run));
		}

		static MetricInput point(String key, double value, long timestamp, long step) {
			return MetricInput.of(new Metric(key, value, timestamp, step));
		}

		static List<String> ids(Page<Run> page) {
			return page.items().stream().map((r) -> r.info().runId()).toList();
		}

	}

	@Nested
	@OnPostgresql
	@SpringBootTest(classes = CoreTestApplication.class)
	class Postgresql extends Contract {

		@DynamicPropertySource
		static void dataDir(DynamicPropertyRegistry registry) {
			TestFolders.registerDataDir(registry, "runs-pg");
		}

		@Autowired
		PlatformTransactionManager transactions;

		@Test
		void aSearchIsPlannedWithItsFilterValuesHoweverOftenItRuns() {
			String experiment = experiment();
			String run = this.runs.create(experiment, "tester", 1000L, null, List.of()).info().runId();
			this.runs.logParam(run, new KeyValue("model", "xgb"));
			// One transaction, one connection: the driver prepares a statement on the
			// server from its fifth execution there, and PostgreSQL may then plan it
			// without the filter's values.
			List<String> prepared = new TransactionTemplate(this.transactions).execute((status) -> {
				for (int i = 0; i < 8; i++) {
					assertThat(ids(this.runs.search(List.of(experiment), "params.model = 'xgb'", ViewType.ACTIVE_ONLY,
							null, List.of(), null)))
						.containsExactly(run);
				}
				return this.jdbc.sql("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
					.query(String.class)
					.list();
			});
			assertThat(prepared).as("statements prepared on the server by then")
				.anyMatch((sql) -> sql.startsWith("SELECT * FROM runs WHERE id = ANY"))
				.noneMatch((sql) -> sql.startsWith("SELECT r.id FROM runs r"));
		}

		@Test
		void aBatchWhoseCopyFailsWritesNothing() {
			// A row trigger refuses one key, so the COPY fails midway for a reason other
			// than a stored point; the trigger is left for reruns: it touches no other
			// key.
			this.jdbc.sql("""
					CREATE OR REPLACE FUNCTION refuse_test_metric() RETURNS trigger AS $$
					BEGIN
					    IF NEW.metric_key = 'refused-by-test' THEN
					        RAISE EXCEPTION 'refused by the test';
					    END IF;
					    RETURN NEW;
					END;
					$$ LANGUAGE plpgsql""").update();
			this.jdbc.sql("DROP TRIGGER IF EXISTS refuse_test_metric ON metrics").update();
			this.jdbc
				.sql("CREATE TRIGGER refuse_test_metric BEFORE INSERT ON metrics "
						+ "FOR EACH ROW EXECUTE FUNCTION refuse_test_metric()")
				.update();
			String run = run();
			List<MetricInput> points = List.of(point("fine", 1, 1, 1), point("refused-by-test", 1, 1, 1));
			assertThatThrownBy(() -> this.runs.logBatch(run, points, List.of(new KeyValue("p", "v")),
					List.of(new KeyValue("t", "v"))))
				.isInstanceOf(DataAccessException.class);
			Run stored = this.runs.get(run);
			assertThat(stored.metrics()).isEmpty();
			assertThat(stored.params()).isEmpty();
			assertThat(stored.tags()).extracting(KeyValue::key).doesNotContain("t");
			assertThat(this.runs.history(run, "fine", null, null).items()).isEmpty();
			this.runs.logBatch(run, points.subList(0, 1), List.of(), List.of());
			assertThat(this.runs.get(run).metrics()).containsExactly(new Metric("fine", 1, 1, 1));
		}

	}

	@Nested
	@SpringBootTest(classes = CoreTestApplication.class)
	class EmbeddedH2 extends Contract {

		@DynamicPropertySource
		static void dataDir(DynamicPropertyRegistry registry) {
			TestFolders.registerDataDir(registry, "runs-h2");
		}

	}

}
