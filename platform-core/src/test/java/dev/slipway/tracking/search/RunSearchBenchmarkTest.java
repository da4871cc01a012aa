package dev.slipway.tracking.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.slipway.query.SqlQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Times run searches on PostgreSQL over an experiment of 100,000 runs (next to a second
 * one of the same size). Off by default; run with {@code -Dslipway.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "slipway.benchmark", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunSearchBenchmarkTest {

	private static final int RUNS = 100_000;

	private SearchDatabase database;

	private long experiment;

	@BeforeAll
	void load() {
		this.database = SearchDatabase.open(SearchDatabase.Kind.POSTGRESQL);
		JdbcTemplate jdbc = this.database.jdbc();
		SearchFixtures rows = new SearchFixtures(jdbc);
		this.experiment = rows.experiment("bench", 1, 1, "active");
		long other = rows.experiment("other", 1, 1, "active");
		for (long id : List.of(this.experiment, other)) {
			jdbc.update("INSERT INTO runs (run_uuid, experiment_id, run_name, user_id, status, start_time, end_time, "
					+ "artifact_uri, lifecycle_stage) SELECT md5(? || '-' || g), ?, 'run-' || g, 'user' || (g % 7), "
					+ "'FINISHED', 1700000000000 + g * 1000, 1700000000000 + g * 1000 + 500, 'a', "
					+ "CASE WHEN g % 50 = 0 THEN 'deleted' ELSE 'active' END FROM generate_series(1, ?) g", id, id,
					RUNS);
		}
		jdbc.update("INSERT INTO latest_metrics (run_id, metric_key, metric_value, timestamp_ms, step) "
				+ "SELECT id, 'acc', CASE WHEN id % 100 = 0 THEN 'NaN'::float8 ELSE random() END, 0, 0 FROM runs "
				+ "WHERE id % 10 <> 0");
		jdbc.update("INSERT INTO latest_metrics (run_id, metric_key, metric_value, timestamp_ms, step) "
				+ "SELECT id, 'loss', random() * 10, 0, 0 FROM runs");
		jdbc.update("INSERT INTO latest_metrics (run_id, metric_key, metric_value, timestamp_ms, step) "
				+ "SELECT id, 'm' || (id % 20), random(), 0, 0 FROM runs");
		jdbc.update("INSERT INTO run_params (run_id, param_key, param_value) "
				+ "SELECT id, 'lr', '0.' || (id % 10) FROM runs");
		jdbc.update("INSERT INTO run_tags (run_id, tag_key, tag_value) "
				+ "SELECT id, 'team', 'team' || (id % 5) FROM runs");
		jdbc.execute("ANALYZE");
	}

	@AfterAll
	void drop() {
		this.database.close();
	}

	@Test
	void searchesAnExperimentOf100000Runs() {
		Map<String, List<String>> cases = Map.of( //
				"default order", List.of(), //
				"start_time DESC", List.of("attributes.start_time DESC"), //
				"metric DESC", List.of("metrics.acc DESC"), //
				"param ASC", List.of("params.lr"));
		List<String> filters = List.of("", "metrics.acc > 0.5", "metrics.acc > 0.99", "params.lr = '0.3'",
				"metrics.acc > 0.5 AND params.lr = '0.3' AND tags.team = 'team1'", "attributes.run_name LIKE 'run-9%'");
		List<String> report = new ArrayList<>();
		for (String filter : filters) {
			for (Map.Entry<String, List<String>> order : cases.entrySet()) {
				SqlQuery query = RunSearch.sql(List.of(this.experiment), ViewType.ACTIVE_ONLY, filter, order.getValue(),
						0, 1001);
				long p50 = p50Millis(query);
				report.add(String.format("%5d ms  %-70s %s", p50, filter, order.getKey()));
				assertThat(p50).as(filter + " / " + order.getKey()).isLessThan(200);
			}
		}
		report.forEach(System.out::println);
	}

	private long p50Millis(SqlQuery query) {
		for (int i = 0; i < 3; i++) {
			this.database.ids(query);
		}
		List<Long> times = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			long start = System.nanoTime();
			this.database.ids(query);
			times.add((System.nanoTime() - start) / 1_000_000);
		}
		Collections.sort(times);
		return times.get(times.size() / 2);
	}

}
