package dev.slipway.home.web;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links in the MLflow UI's form map to Slipway's pages, and nothing maps off this server.
 */
class MlflowLinksTest {

	private static final String RUN = "0123456789abcdef0123456789abcdef";

	private static final String OTHER = "fedcba9876543210fedcba9876543210";

	@Test
	void whatTheMlflowClientPrintsAfterARunOpensTheRunAndItsExperiment() {
		// mlflow/tracking/_tracking_service/client.py: "🏃 View run <name> at:
		// <host>/#/experiments/<id>/runs/<run>"
		assertThat(path("#/experiments/3/runs/" + RUN)).hasValue("/experiments/3/runs/" + RUN);
		assertThat(path("#/experiments/3")).hasValue("/experiments/3/runs");
		// With a workspace, the client adds a query.
		assertThat(path("#/experiments/3/runs/" + RUN + "?workspace=team-a")).hasValue("/experiments/3/runs/" + RUN);
		assertThat(path("/experiments/3/runs/" + RUN.toUpperCase())).hasValue("/experiments/3/runs/" + RUN);
	}

	@Test
	void theTabsOfExperimentsAndRunsOpenTheSamePages() {
		for (String tab : new String[] { "overview", "runs", "traces", "models", "evaluation-runs", "s" }) {
			assertThat(path("#/experiments/7/" + tab)).as(tab).hasValue("/experiments/7/runs");
		}
		for (String tab : new String[] { "overview", "model-metrics", "system-metrics", "traces" }) {
			assertThat(path("#/experiments/7/runs/" + RUN + "/" + tab)).as(tab).hasValue("/experiments/7/runs/" + RUN);
		}
		assertThat(path("#/experiments")).hasValue("/experiments");
		assertThat(path("#/experiments/")).hasValue("/experiments");
		assertThat(path("#/")).hasValue("/");
	}

	@Test
	void artifactLinksOpenTheFolderHoldingThem() {
		String run = "/experiments/7/runs/" + RUN;
		assertThat(path("#" + run + "/artifacts/model/MLmodel")).hasValue(run + "/artifacts?path=model");
		assertThat(path("#" + run + "/artifacts/plots/a%20b/loss.png")).hasValue(run + "/artifacts?path=plots/a%20b");
		assertThat(path("#" + run + "/artifactPath/model")).hasValue(run + "/artifacts");
		assertThat(path("#" + run + "/artifacts")).hasValue(run + "/artifacts");
		assertThat(path("#" + run + "/artifacts/../../etc/passwd")).hasValue(run);
	}

	@Test
	void modelLinksOpenTheRegistryPages() {
		assertThat(path("#/models")).hasValue("/models");
		assertThat(path("#/models/fraud-detector")).hasValue("/models/fraud-detector");
		assertThat(path("#/models/fraud-detector/versions/3")).hasValue("/models/fraud-detector/versions/3");
		assertThat(path("#/models/fraud%20detector%20%C3%A9/versions/12"))
			.hasValue("/models/fraud%20detector%20%C3%A9/versions/12");
		assertThat(path("#/models/fraud-detector/versions/latest")).hasValue("/models/fraud-detector");
		// Names are one segment, encoded again: nothing in them reaches the path as is.
		assertThat(path("#/models/a%3Fb%23c")).hasValue("/models/a%3Fb%23c");
	}

	@Test
	void comparisonsAndMetricChartsOpenTheComparisonOrTheRun() {
		String runs = "runs=%5B%22" + RUN + "%22,%22" + OTHER + "%22%5D";
		assertThat(path("#/compare-runs?" + runs + "&experiments=%5B%222%22%5D"))
			.hasValue("/experiments/2/compare?runIds=" + RUN + "&runIds=" + OTHER);
		assertThat(path("#/compare-runs?runs=[\"" + RUN + "\"]&experiments=[\"2\"]"))
			.hasValue("/experiments/2/runs/" + RUN);
		assertThat(path("#/metric/loss?runs=[\"" + RUN + "\"]&experiments=[\"2\"]&plot_metric_keys=[\"loss\"]"))
			.hasValue("/experiments/2/runs/" + RUN);
		assertThat(path("#/metric?" + runs + "&experiments=[\"2\"]&metric=%22loss%22"))
			.hasValue("/experiments/2/compare?runIds=" + RUN + "&runIds=" + OTHER);
		assertThat(path("#/compare-runs?experiments=[\"2\"]")).hasValue("/experiments/2/runs");
		assertThat(path("#/compare-runs?" + runs)).hasValue("/experiments");
		assertThat(path("#/compare-experiments/s?experiments=[\"1\",\"2\"]")).hasValue("/experiments");
		StringBuilder many = new StringBuilder("#/compare-runs?experiments=[\"1\"]&runs=[");
		for (int i = 0; i < 12; i++) {
			many.append("\"").append(String.format("%032x", i + 1)).append("\",");
		}
		assertThat(path(many + "]"))
			.hasValueSatisfying((path) -> assertThat(path.split("runIds=")).hasSize(MlflowLinks.MAX_COMPARED + 1));
	}

	@Test
	void databricksFormsAreReadToo() {
		assertThat(path("#mlflow/experiments/3/runs/" + RUN)).hasValue("/experiments/3/runs/" + RUN);
		assertThat(path("#mlflow/models/churn/versions/2")).hasValue("/models/churn/versions/2");
	}

	@Test
	void anythingElseHasNoPageAndNothingLeavesTheServer() {
		for (String other : new String[] { "#main", "#tags", "#/settings", "#/prompts/x", "#//evil.example/x",
				"#/%E0%A4%A", "#javascript:alert(1)", "" }) {
			assertThat(path(other)).as(other).isEmpty();
		}
		assertThat(MlflowLinks.pathFor(null)).isEmpty();
		for (String odd : new String[] { "#/experiments/..%2F..%2Fadmin", "#/experiments///evil.example",
				"#/experiments/3/runs/%2F%2Fevil.example", "#/models//evil.example", "#/models/%2F%2Fevil.example",
				"#/compare-runs?experiments=[\"//evil\"]&runs=[\"" + RUN + "\"]" }) {
			assertThat(path(odd)).as(odd)
				.hasValueSatisfying((path) -> assertThat(path).startsWith("/").doesNotStartWith("//"));
		}
		assertThat(path("#/experiments/..%2F..%2Fadmin")).hasValue("/experiments");
		assertThat(path("#/models/%2F%2Fevil.example")).hasValue("/models/%2F%2Fevil.example");
	}

	private static Optional<String> path(String fragment) {
		return MlflowLinks.pathFor(fragment);
	}

}
