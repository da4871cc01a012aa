package dev.slipway.tracking;

import java.util.List;
import java.util.Map;

import dev.slipway.CoreTestApplication;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.testsupport.WithSlipwayUser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read models of the tracking pages on both databases: grouped activity, bounded key
 * reads, remembered columns and the batch refresh of running runs.
 */
class TrackingOverviewTest {

	@WithSlipwayUser
	abstract static class Contract {

		@Autowired
		ExperimentService experiments;

		@Autowired
		RunService runs;

		@Autowired
		TrackingOverview overview;

		@Autowired
		ColumnPreferences preferences;

		String experiment() {
			return this.experiments.create("overview-" + System.nanoTime(), null, List.of());
		}

		String run(String experiment, long start) {
			return this.runs.create(experiment, "tester", start, null, List.of()).info().runId();
		}

		@Test
		void activityCountsActiveRunsAndFindsTheLatestStartOrEndInOneRead() {
			String busy = experiment();
			String quiet = experiment();
			run(busy, 1_000L);
			String ended = run(busy, 2_000L);
			this.runs.update(ended, RunStatus.FINISHED, 9_000L, null);
			this.runs.delete(run(busy, 50_000L));
			Map<String, TrackingOverview.Activity> activity = this.overview.activity(List.of(busy, quiet));
			assertThat(activity.get(busy).runCount()).isEqualTo(2);
			assertThat(activity.get(busy).lastRunActivity()).isEqualTo(9_000L);
			assertThat(activity).doesNotContainKey(quiet);
			assertThat(this.overview.activity(List.of())).isEmpty();
		}

		@Test
		void keysComeFromTheExperimentsRunsWithoutMlflowTags() {
			String experiment = experiment();
			String run = run(experiment, 1L);
			this.runs.logBatch(run, List.of(MetricInput.of(new Metric("rmse", 0.4, 1, 0))),
					List.of(new KeyValue("model", "xgb")), List.of(new KeyValue("team", "a")));
			TrackingOverview.Keys keys = this.overview.keys(experiment);
			assertThat(keys.metrics()).containsExactly("rmse");
			assertThat(keys.params()).containsExactly("model");
			assertThat(keys.tags()).containsExactly("team");
		}

		@Test
		void columnsAreRememberedPerExperimentAndChecked() {
			String experiment = experiment();
			String other = experiment();
			assertThat(this.preferences.get(experiment).columns()).isEmpty();
			this.preferences.save(experiment, List.of("metrics.rmse", "params.model", "metrics.rmse"));
			this.preferences.save(experiment, List.of("metrics.rmse", "tags.team"));
			assertThat(this.preferences.get(experiment).columns()).containsExactly("metrics.rmse", "tags.team");
			assertThat(this.preferences.get(experiment).metrics()).containsExactly("rmse");
			assertThat(this.preferences.get(other).columns()).isEmpty();
			assertThatThrownBy(() -> this.preferences.save(experiment, List.of("attributes.status")))
				.isInstanceOf(SlipwayException.class);
		}

		@Test
		void getAllReadsOnlyTheExperimentsRuns() {
			String experiment = experiment();
			String mine = run(experiment, 1L);
			String elsewhere = run(experiment(), 1L);
			List<Run> found = this.runs.getAll(experiment, List.of(mine, elsewhere, "f".repeat(32)));
			assertThat(found).extracting((r) -> r.info().runId()).containsExactly(mine);
		}

	}

	@Nested
	@OnPostgresql
	@SpringBootTest(classes = CoreTestApplication.class)
	class Postgresql extends Contract {

		@DynamicPropertySource
		static void dataDir(DynamicPropertyRegistry registry) {
			TestFolders.registerDataDir(registry, "overview-pg");
		}

	}

	@Nested
	@SpringBootTest(classes = CoreTestApplication.class)
	class EmbeddedH2 extends Contract {

		@DynamicPropertySource
		static void dataDir(DynamicPropertyRegistry registry) {
			TestFolders.registerDataDir(registry, "overview-h2");
		}

	}

}
