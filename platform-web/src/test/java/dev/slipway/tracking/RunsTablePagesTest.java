package dev.slipway.tracking;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slipway.web.EmbeddedServer;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.PageSession;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runs table through real HTTP: filter with inline errors, sort, columns remembered
 * per user, nested runs, paging, bulk delete with CSRF, and the live JSON read.
 */
@EmbeddedServer
class RunsTablePagesTest {

	@LocalServerPort
	int port;

	Seed seed;

	PageSession admin;

	@BeforeEach
	void signIn() {
		this.seed = new Seed(TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port)));
		this.admin = PageSession.signedIn(this.port, TestAdmin.USERNAME, TestAdmin.PASSWORD);
	}

	@Test
	void pagesNeedSignIn() {
		PageSession anonymous = new PageSession(this.port);
		assertThat(anonymous.get("/experiments/0/runs").status()).isEqualTo(302);
		assertThat(anonymous.get("/experiments/0/runs/live?runIds=x").status()).isIn(302, 401);
	}

	@Test
	void showsRunsWithStatusNestedChildrenAndFilters() {
		String experiment = this.seed.experiment("table-" + System.nanoTime());
		String fast = this.seed.run(experiment, "fast", 1000, 0.3, "xgb", null);
		this.seed.finish(fast);
		this.seed.run(experiment, "slow", 2000, 0.9, "xgb", null);
		String parent = this.seed.run(experiment, "parent", 3000, 0.4, "lgbm", null);
		this.seed.run(experiment, "child-a", 4000, 0.2, "lgbm", parent);
		PageSession.Page page = this.admin.get("/experiments/" + experiment + "/runs");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("fast", "slow", "parent", "child-a", "badge status-running",
				"badge status-finished", "aria-current=\"page\"", "Skip to content");
		assertThat(page.body().indexOf(">parent<")).isLessThan(page.body().indexOf(">child-a<"));
		assertThat(page.body()).containsPattern("<tr[^>]*data-run-id=\"[0-9a-f]+\"[^>]*class=\"depth-1");
		PageSession.Page filtered = this.admin.get("/experiments/" + experiment + "/runs?filter="
				+ PageSession.encode("metrics.rmse < 0.5 and params.model = 'xgb'"));
		assertThat(filtered.body()).contains(">fast<").doesNotContain(">slow<", ">parent<");
		PageSession.Page bad = this.admin
			.get("/experiments/" + experiment + "/runs?filter=" + PageSession.encode("metrics.rmse <<< 1"));
		assertThat(bad.status()).isEqualTo(200);
		assertThat(bad.body()).contains("id=\"filter-error\"", "aria-invalid=\"true\"");
		assertThat(this.admin.get("/experiments/999999/runs").status()).isEqualTo(404);
	}

	@Test
	void sortsByAColumnAndRemembersChosenColumns() {
		String experiment = this.seed.experiment("sort-" + System.nanoTime());
		this.seed.run(experiment, "high", 1000, 0.9, "xgb", null);
		this.seed.run(experiment, "low", 2000, 0.1, "xgb", null);
		String path = "/experiments/" + experiment + "/runs";
		this.admin.get(path);
		PageSession.Page picked = this.admin.post(path + "/columns", "columns", "metrics.rmse", "columns",
				"params.model", "back", path + "?orderBy=" + PageSession.encode("metrics.rmse ASC"));
		assertThat(picked.status()).isEqualTo(302);
		assertThat(picked.location()).startsWith(path + "?orderBy=");
		PageSession.Page sorted = this.admin.get(picked.location());
		assertThat(sorted.body()).contains("Columns saved")
			.containsPattern("<th[^>]*aria-sort=\"ascending\"[^>]*data-col=\"metrics.rmse\"");
		assertThat(sorted.body().indexOf(">low<")).isLessThan(sorted.body().indexOf(">high<"));
		assertThat(sorted.body()).containsPattern("data-col=\"metrics.rmse\"[^>]*>0.1<")
			.containsPattern("data-col=\"params.model\"[^>]*>xgb<");
		PageSession.Page descending = this.admin.get(path + "?orderBy=" + PageSession.encode("metrics.rmse DESC"));
		assertThat(descending.body().indexOf(">high<")).isLessThan(descending.body().indexOf(">low<"));
		PageSession other = PageSession.signedIn(this.port, TestAdmin.USERNAME, TestAdmin.PASSWORD);
		assertThat(other.get(path).body()).as("remembered on the server, not in the session")
			.containsPattern("data-col=\"metrics.rmse\"[^>]*>0.1<");
		PageSession.Page refused = this.admin.post(path + "/columns", "columns", "attributes.nope", "back", path);
		assertThat(this.admin.get(refused.location()).body()).contains("is not a metrics., params. or tags. column");
	}

	@Test
	void pagesWithPreviousAndNextLinks() {
		String experiment = this.seed.experiment("paging-" + System.nanoTime());
		for (int i = 0; i < 5; i++) {
			this.seed.run(experiment, "run-" + i, 1000 + i, 0.1 * i, "xgb", null);
		}
		String path = "/experiments/" + experiment + "/runs?pageSize=2";
		PageSession.Page first = this.admin.get(path);
		assertThat(first.body()).contains(">run-4<", ">run-3<").doesNotContain("id=\"previous-page\"");
		PageSession.Page second = this.admin.get(first.link("next-page"));
		assertThat(second.body()).contains(">run-2<", ">run-1<", "id=\"previous-page\"");
		PageSession.Page back = this.admin.get(second.link("previous-page"));
		assertThat(back.body()).contains(">run-4<", ">run-3<");
		assertThat(this.admin.get("/experiments/" + experiment + "/runs?pageSize=100000").status()).isEqualTo(200);
	}

	@Test
	void bulkDeleteReportsEachRunAndNeedsTheCsrfToken() {
		String experiment = this.seed.experiment("delete-" + System.nanoTime());
		String one = this.seed.run(experiment, "one", 1000, 0.1, "xgb", null);
		String two = this.seed.run(experiment, "two", 2000, 0.2, "xgb", null);
		this.seed.run(experiment, "keep", 3000, 0.3, "xgb", null);
		String path = "/experiments/" + experiment + "/runs";
		this.admin.get(path);
		assertThat(this.admin.postWithoutCsrf(path + "/delete", "runIds", one).status()).isEqualTo(403);
		PageSession.Page deleted = this.admin.post(path + "/delete", "runIds", one, "runIds", two, "runIds",
				"0".repeat(32), "back", path);
		assertThat(deleted.status()).isEqualTo(302);
		PageSession.Page after = this.admin.get(deleted.location());
		assertThat(after.body()).contains("Deleted 2 runs", "Not deleted: 1", "0".repeat(32), ">keep<")
			.doesNotContain(">one<", ">two<");
		assertThat(this.admin.get(path + "?view=deleted").body()).contains(">one<", ">two<");
	}

	@Test
	void liveAnswersStatusDurationAndChosenMetrics() {
		String experiment = this.seed.experiment("live-" + System.nanoTime());
		String running = this.seed.run(experiment, "running", System.currentTimeMillis(), 0.5, "xgb", null);
		String path = "/experiments/" + experiment + "/runs";
		PageSession.Page live = this.admin.json(path + "/live?runIds=" + running + "&metrics=rmse");
		assertThat(live.status()).isEqualTo(200);
		assertThat(live.body()).contains("\"runId\":\"" + running + "\"", "\"status\":\"RUNNING\"", "\"rmse\":\"0.5\"");
		this.seed.finish(running);
		assertThat(this.admin.json(path + "/live?runIds=" + running).body()).contains("\"status\":\"FINISHED\"");
		List<String> tooMany = new ArrayList<>();
		for (int i = 0; i < 201; i++) {
			tooMany.add("runIds=" + running);
		}
		assertThat(this.admin.json(path + "/live?" + String.join("&", tooMany)).status()).isEqualTo(400);
	}

	/** Test data logged the way MLflow clients log it, through the REST API. */
	static final class Seed {

		private static final String API = "/api/2.0/mlflow/";

		private static final Pattern EXPERIMENT_ID = Pattern.compile("\"experiment_id\"\\s*:\\s*\"([0-9]+)\"");

		private static final Pattern RUN_ID = Pattern.compile("\"run_id\"\\s*:\\s*\"([0-9a-f]+)\"");

		private final HttpProbe http;

		Seed(HttpProbe http) {
			this.http = http;
		}

		String experiment(String name) {
			return find(EXPERIMENT_ID,
					ok(this.http.postJson(API + "experiments/create", "{\"name\":\"" + name + "\"}")));
		}

		/** A RUNNING run with one rmse point and a model param. */
		String run(String experiment, String name, long start, double rmse, String model, String parent) {
			String tags = (parent != null) ? ",\"tags\":[{\"key\":\"mlflow.parentRunId\",\"value\":\"" + parent + "\"}]"
					: "";
			String runId = find(RUN_ID, ok(this.http.postJson(API + "runs/create", "{\"experiment_id\":\"" + experiment
					+ "\",\"run_name\":\"" + name + "\",\"start_time\":" + start + tags + "}")));
			ok(this.http.postJson(API + "runs/log-batch",
					"{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"rmse\",\"value\":" + rmse + ",\"timestamp\":"
							+ start + ",\"step\":0}],\"params\":[{\"key\":\"model\",\"value\":\"" + model + "\"}]}"));
			return runId;
		}

		void logMetric(String runId, String key, double value, long step) {
			ok(this.http.postJson(API + "runs/log-metric",
					"{\"run_id\":\"" + runId + "\",\"key\":\"" + key + "\",\"value\":" + value + ",\"timestamp\":"
							+ System.currentTimeMillis() + ",\"step\":" + step + "}"));
		}

		void finish(String runId) {
			ok(this.http.postJson(API + "runs/update", "{\"run_id\":\"" + runId
					+ "\",\"status\":\"FINISHED\",\"end_time\":" + System.currentTimeMillis() + "}"));
		}

		private static String ok(HttpResponse<String> response) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return response.body();
		}

		private static String find(Pattern pattern, String body) {
			Matcher matcher = pattern.matcher(body);
			assertThat(matcher.find()).as(body).isTrue();
			return matcher.group(1);
		}

	}

}
