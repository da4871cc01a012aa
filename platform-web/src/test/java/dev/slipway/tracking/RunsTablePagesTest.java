package dev.slipway.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runs table through real HTTP: filter with inline errors, sort, columns remembered
 * per user, nested runs, paging, bulk delete with CSRF, and the live JSON read.
 */
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RunsTablePagesTest {

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "runs-table-pages");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	Seed seed;

	PageClient admin;

	@BeforeEach
	void signIn() {
		this.seed = new Seed(TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port)));
		this.admin = PageClient.signedIn(this.port, TestAdmin.USERNAME, TestAdmin.PASSWORD);
	}

	@Test
	void pagesNeedSignIn() {
		PageClient anonymous = new PageClient(this.port);
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
		PageClient.Page page = this.admin.get("/experiments/" + experiment + "/runs");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("fast", "slow", "parent", "child-a", "badge status-running",
				"badge status-finished", "aria-current=\"page\"", "Skip to content");
		assertThat(page.body().indexOf(">parent<")).isLessThan(page.body().indexOf(">child-a<"));
		assertThat(page.body()).containsPattern("<tr[^>]*data-run-id=\"[0-9a-f]+\"[^>]*class=\"depth-1");
		PageClient.Page filtered = this.admin.get("/experiments/" + experiment + "/runs?filter="
				+ PageClient.encode("metrics.rmse < 0.5 and params.model = 'xgb'"));
		assertThat(filtered.body()).contains(">fast<").doesNotContain(">slow<", ">parent<");
		PageClient.Page bad = this.admin
			.get("/experiments/" + experiment + "/runs?filter=" + PageClient.encode("metrics.rmse <<< 1"));
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
		PageClient.Page picked = this.admin.post(path + "/columns", "columns", "metrics.rmse", "columns",
				"params.model", "back", path + "?orderBy=" + PageClient.encode("metrics.rmse ASC"));
		assertThat(picked.status()).isEqualTo(302);
		assertThat(picked.location()).startsWith(path + "?orderBy=");
		PageClient.Page sorted = this.admin.get(picked.location());
		assertThat(sorted.body()).contains("Columns saved")
			.containsPattern("<th[^>]*aria-sort=\"ascending\"[^>]*data-col=\"metrics.rmse\"");
		assertThat(sorted.body().indexOf(">low<")).isLessThan(sorted.body().indexOf(">high<"));
		assertThat(sorted.body()).containsPattern("data-col=\"metrics.rmse\"[^>]*>0.1<")
			.containsPattern("data-col=\"params.model\"[^>]*>xgb<");
		PageClient.Page descending = this.admin.get(path + "?orderBy=" + PageClient.encode("metrics.rmse DESC"));
		assertThat(descending.body().indexOf(">high<")).isLessThan(descending.body().indexOf(">low<"));
		PageClient other = PageClient.signedIn(this.port, TestAdmin.USERNAME, TestAdmin.PASSWORD);
		assertThat(other.get(path).body()).as("remembered on the server, not in the session")
			.containsPattern("data-col=\"metrics.rmse\"[^>]*>0.1<");
		PageClient.Page refused = this.admin.post(path + "/columns", "columns", "attributes.nope", "back", path);
		assertThat(this.admin.get(refused.location()).body()).contains("is not a metrics., params. or tags. column");
	}

	@Test
	void pagesWithPreviousAndNextLinks() {
		String experiment = this.seed.experiment("paging-" + System.nanoTime());
		for (int i = 0; i < 5; i++) {
			this.seed.run(experiment, "run-" + i, 1000 + i, 0.1 * i, "xgb", null);
		}
		String path = "/experiments/" + experiment + "/runs?pageSize=2";
		PageClient.Page first = this.admin.get(path);
		assertThat(first.body()).contains(">run-4<", ">run-3<").doesNotContain("id=\"previous-page\"");
		PageClient.Page second = this.admin.get(first.link("next-page"));
		assertThat(second.body()).contains(">run-2<", ">run-1<", "id=\"previous-page\"");
		PageClient.Page back = this.admin.get(second.link("previous-page"));
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
		PageClient.Page deleted = this.admin.post(path + "/delete", "runIds", one, "runIds", two, "runIds",
				"0".repeat(32), "back", path);
		assertThat(deleted.status()).isEqualTo(302);
		PageClient.Page after = this.admin.get(deleted.location());
		assertThat(after.body()).contains("Deleted 2 runs", "Not deleted: 1", "0".repeat(32), ">keep<")
			.doesNotContain(">one<", ">two<");
		assertThat(this.admin.get(path + "?view=deleted").body()).contains(">one<", ">two<");
	}

	@Test
	void liveAnswersStatusDurationAndChosenMetrics() {
		String experiment = this.seed.experiment("live-" + System.nanoTime());
		String running = this.seed.run(experiment, "running", System.currentTimeMillis(), 0.5, "xgb", null);
		String path = "/experiments/" + experiment + "/runs";
		PageClient.Page live = this.admin.json(path + "/live?runIds=" + running + "&metrics=rmse");
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

	/**
	 * A browser without a browser: keeps cookies, does not follow redirects and posts
	 * forms with the CSRF token of the last page it read.
	 */
	static final class PageClient {

		private static final HttpClient CLIENT = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]*)\"");

		private final String base;

		private final Map<String, String> cookies = new LinkedHashMap<>();

		private String csrf;

		PageClient(int port) {
			this.base = "http://localhost:" + port;
		}

		static PageClient signedIn(int port, String username, String password) {
			PageClient client = new PageClient(port);
			Page form = client.get("/login");
			Page answer = client.post("/login", "username", username, "password", password);
			assertThat(answer.location()).as("signed in: %s %s / %s", answer.status(), answer.body(), form.body())
				.isNotNull()
				.doesNotContain("error");
			return client;
		}

		record Page(int status, String body, String location) {

			/** The href of the element with this id, unescaped. */
			String link(String id) {
				Matcher matcher = Pattern.compile("<a href=\"([^\"]*)\"[^>]*id=\"" + id + "\"").matcher(this.body);
				assertThat(matcher.find()).as("link " + id).isTrue();
				return matcher.group(1).replace("&amp;", "&");
			}

		}

		Page get(String path) {
			return send(request(path).header("Accept", "text/html").GET());
		}

		Page json(String path) {
			return send(request(path).header("Accept", "application/json").GET());
		}

		Page post(String path, String... fields) {
			List<String> all = new ArrayList<>(List.of(fields));
			if (this.csrf != null) {
				all.add("_csrf");
				all.add(this.csrf);
			}
			return postWithoutCsrf(path, all.toArray(String[]::new));
		}

		Page postWithoutCsrf(String path, String... fields) {
			List<String> pairs = new ArrayList<>();
			for (int i = 0; i < fields.length; i += 2) {
				pairs.add(encode(fields[i]) + "=" + encode(fields[i + 1]));
			}
			return send(request(path).header("Accept", "text/html")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
		}

		static String encode(String text) {
			return URLEncoder.encode(text, StandardCharsets.UTF_8);
		}

		private HttpRequest.Builder request(String path) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
				.timeout(Duration.ofSeconds(30));
			if (!this.cookies.isEmpty()) {
				request.header("Cookie",
						this.cookies.entrySet()
							.stream()
							.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
							.collect(Collectors.joining("; ")));
			}
			return request;
		}

		private Page send(HttpRequest.Builder request) {
			HttpResponse<String> response;
			try {
				response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			for (String header : response.headers().allValues("Set-Cookie")) {
				String pair = header.split(";")[0];
				int equals = pair.indexOf('=');
				String value = pair.substring(equals + 1).trim();
				if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
					this.cookies.remove(pair.substring(0, equals).trim());
				}
				else {
					this.cookies.put(pair.substring(0, equals).trim(), value);
				}
			}
			Matcher token = CSRF.matcher(response.body());
			if (token.find()) {
				this.csrf = token.group(1);
			}
			String location = response.headers()
				.firstValue("Location")
				.map((value) -> value.replaceFirst("^https?://[^/]+", ""))
				.orElse(null);
			return new Page(response.statusCode(), response.body(), location);
		}

	}

}
