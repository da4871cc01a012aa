package dev.slipway.tracking;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.slipway.security.Authenticator;
import dev.slipway.security.NewUser;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayAuthentication;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.security.UserService;
import dev.slipway.web.EmbeddedServer;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.PageSession;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run, artifact and compare pages and their JSON through real HTTP, signed in with a
 * session as a browser is: rendering, 404s, who may edit tags, every preview kind, path
 * traversal, bounded chart series and the compare page's limits.
 */
@EmbeddedServer
class RunPageTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger NAMES = new AtomicInteger();

	private static final String PASSWORD = "a-good-long-password";

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	Authenticator authenticator;

	@Test
	void runPageShowsOverviewParamsTagsMetricsAndArtifacts() {
		Seed seed = Seed.of(this.port);
		String experiment = seed.experiment("page");
		String parent = seed.run(experiment, "parent-run",
				Map.of("mlflow.source.name", "train.py", "mlflow.source.git.commit", "0123abcd", "team", "vision"));
		String child = seed.run(experiment, "child-run", Map.of("mlflow.parentRunId", parent));
		seed.params(parent, Map.of("lr", "0.01", "epochs", "10"));
		seed.points(parent, "loss", 50);
		seed.artifact(experiment, parent, "notes/readme.txt", "hello".getBytes(StandardCharsets.UTF_8));
		seed.finish(parent);

		PageSession admin = PageSession.admin(this.port);
		PageSession.Page page = admin.get(runPath(experiment, parent));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("parent-run", "FINISHED", "train.py", "0123abcd", "child-run", "lr", "0.01",
				"epochs", "team", "vision", "data-key=\"loss\"", "notes/", "/js/run.js", "/css/run.css",
				"uPlot.iife.min.js", "name=\"_csrf\"", "Set tag");
		assertThat(page.body()).doesNotContain("style=\"", "onclick", "<script>");
		assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
		assertThat(page.body()).as("the shared head and breadcrumbs with the page's own assets")
			.contains("/css/slipway.css", "/css/run.css", "/js/charts.js", "/js/run.js", "class=\"breadcrumbs\"");
		PageSession.Page childPage = admin.get(runPath(experiment, child));
		assertThat(childPage.body()).contains("Parent run", parent);
	}

	@Test
	void unknownRunsAndRunsOfAnotherExperimentAreNotFound() {
		Seed seed = Seed.of(this.port);
		String experiment = seed.experiment("missing");
		String other = seed.experiment("other");
		String run = seed.run(experiment, "r", Map.of());
		PageSession admin = PageSession.admin(this.port);
		assertThat(admin.get(runPath(experiment, "0123456789abcdef0123456789abcdef")).status()).isEqualTo(404);
		assertThat(admin.get(runPath(other, run)).status()).isEqualTo(404);
		assertThat(admin.get(runPath(other, run) + "/status").status()).isEqualTo(404);
		assertThat(admin.get(runPath(experiment, run)).status()).isEqualTo(200);
	}

	@Test
	void editorsSetAndDeleteTagsButViewersOnlyRead() {
		Seed seed = Seed.of(this.port);
		String experiment = seed.experiment("tags");
		String run = seed.run(experiment, "tagged", Map.of("keep", "me"));
		PageSession admin = PageSession.admin(this.port);
		admin.get(runPath(experiment, run));
		PageSession.Page saved = admin.post(runPath(experiment, run) + "/tags", "key", "stage", "value", "candidate");
		assertThat(saved.status()).isEqualTo(302);
		assertThat(admin.get(runPath(experiment, run)).body()).contains("stage", "candidate",
				"Tag &#39;stage&#39; saved");
		admin.post(runPath(experiment, run) + "/tags/delete", "key", "stage");
		assertThat(admin.get(runPath(experiment, run)).body()).doesNotContain("candidate");

		String viewer = person(Role.VIEWER);
		PageSession reader = PageSession.signedIn(this.port, viewer, PASSWORD);
		PageSession.Page page = reader.get(runPath(experiment, run));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("keep").doesNotContain("Set tag", "tags/delete");
		assertThat(reader.post(runPath(experiment, run) + "/tags", "key", "hack", "value", "x").status())
			.isEqualTo(403);
		assertThat(reader.post(runPath(experiment, run) + "/tags/delete", "key", "keep").status()).isEqualTo(403);
		assertThat(admin.get(runPath(experiment, run)).body()).contains("keep").doesNotContain("hack");
	}

	@Test
	void eachArtifactKindHasItsPreview() {
		Seed seed = Seed.of(this.port);
		String experiment = seed.experiment("previews");
		String run = seed.run(experiment, "artifacts", Map.of());
		seed.artifact(experiment, run, "data/table.csv", "a,b\n1,\"x,y\"\n2,z\n".getBytes(StandardCharsets.UTF_8));
		seed.artifact(experiment, run, "data/table.tsv", "a\tb\n3\t4\n".getBytes(StandardCharsets.UTF_8));
		seed.artifact(experiment, run, "metrics.json", "{\"acc\":0.9,\"list\":[1,2]}".getBytes(StandardCharsets.UTF_8));
		seed.artifact(experiment, run, "conf.yaml", "lr: 0.1\n".getBytes(StandardCharsets.UTF_8));
		seed.artifact(experiment, run, "train.log", "<b>step 1</b>\n".getBytes(StandardCharsets.UTF_8));
		seed.artifact(experiment, run, "model/MLmodel",
				"artifact_path: model\nflavors:\n  python_function:\n    loader_module: x\n  sklearn:\n    version: 1\nrun_id: abc\n"
					.getBytes(StandardCharsets.UTF_8));
		seed.artifact(experiment, run, "plot.png", Seed.PNG);
		seed.artifact(experiment, run, "drawing.svg",
				"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
					.getBytes(StandardCharsets.UTF_8));
		seed.artifact(experiment, run, "blob.bin", new byte[] { 0, 1, 2, 3 });
		byte[] big = "x".repeat(ArtifactPreview.MAX_BYTES + 1000).getBytes(StandardCharsets.UTF_8);
		seed.artifact(experiment, run, "big.txt", big);

		PageSession admin = PageSession.admin(this.port);
		String base = runPath(experiment, run) + "/artifacts";
		assertThat(admin.get(base).body()).contains("data/", "metrics.json", "plot.png");
		assertThat(admin.get(base + "?path=data").body()).contains("table.csv", "table.tsv");
		String csv = admin.get(base + "/preview?path=data/table.csv").body();
		assertThat(csv).contains("id=\"csv-table\"", "<th>a</th>", "<td>x,y</td>", "<td>z</td>");
		assertThat(admin.get(base + "/preview?path=data/table.tsv").body()).contains("<td>4</td>");
		assertThat(admin.get(base + "/preview?path=metrics.json").body()).contains("{\n  &quot;acc&quot;: 0.9,");
		assertThat(admin.get(base + "/preview?path=conf.yaml").body()).contains("lr: 0.1");
		assertThat(admin.get(base + "/preview?path=train.log").body()).contains("&lt;b&gt;step 1&lt;/b&gt;");
		assertThat(admin.get(base + "/preview?path=model/MLmodel").body()).contains("python_function", "sklearn",
				"class=\"pill flavor\"");
		assertThat(admin.get(base + "/preview?path=plot.png").body()).contains("<img", "artifacts/raw?path=plot.png");
		assertThat(admin.get(base + "/preview?path=blob.bin").body()).contains("cannot be shown here");
		PageSession.Page bigPreview = admin.get(base + "/preview?path=big.txt");
		assertThat(bigPreview.body()).contains("only the start is shown");
		assertThat(bigPreview.body().length()).isLessThan(ArtifactPreview.MAX_BYTES + 20_000);

		PageSession.Page png = admin.get(base + "/raw?path=plot.png");
		assertThat(png.status()).isEqualTo(200);
		assertThat(png.header("Content-Type")).isEqualTo("image/png");
		assertThat(png.header("Content-Disposition")).startsWith("inline");
		assertThat(png.header("X-Content-Type-Options")).isEqualTo("nosniff");
		PageSession.Page svg = admin.get(base + "/raw?path=drawing.svg");
		assertThat(svg.header("Content-Type")).isEqualTo("image/svg+xml");
		assertThat(svg.header("Content-Security-Policy")).contains("sandbox");
		PageSession.Page notImage = admin.get(base + "/raw?path=train.log");
		assertThat(notImage.header("Content-Disposition")).startsWith("attachment");
		assertThat(notImage.header("Content-Type")).isEqualTo("application/octet-stream");
		PageSession.Page download = admin.get(base + "/download?path=data/table.csv");
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.header("Content-Disposition")).startsWith("attachment").contains("table.csv");
		assertThat(download.body()).startsWith("a,b");

		for (String bad : List.of("../x", "data/../../etc/passwd", "/../x", "data/./table.csv", "a//b")) {
			String encoded = URLEncoder.encode(bad, StandardCharsets.UTF_8);
			assertThat(admin.get(base + "/preview?path=" + encoded).status()).as(bad).isIn(400, 404);
			assertThat(admin.get(base + "/download?path=" + encoded).status()).as(bad).isIn(400, 404);
			assertThat(admin.get(base + "?path=" + encoded).status()).as(bad).isIn(400, 404);
		}
		assertThat(admin.get(base + "/preview?path=" + URLEncoder.encode("../x", StandardCharsets.UTF_8)).status())
			.isEqualTo(400);
		assertThat(admin.get(base + "/preview?path=nothing.txt").status()).isEqualTo(404);
	}

	@Test
	void chartSeriesAreDownsampledAndZoomable() {
		Seed seed = Seed.of(this.port);
		String experiment = seed.experiment("series");
		String run = seed.run(experiment, "long", Map.of());
		seed.points(run, "loss", 6000);
		PageSession admin = PageSession.admin(this.port);
		String url = runPath(experiment, run) + "/metrics?key=loss";
		JsonNode all = admin.jsonOk(url + "&points=200");
		assertThat(all.get("key").asString()).isEqualTo("loss");
		assertThat(all.get("series")).hasSize(1);
		JsonNode line = all.get("series").get(0);
		assertThat(line.get("steps").size()).isBetween(2, 200);
		assertThat(line.get("steps").get(0).asLong()).isZero();
		assertThat(line.get("steps").get(line.get("steps").size() - 1).asLong()).isGreaterThan(5900);
		assertThat(line.get("timestamps").size()).isEqualTo(line.get("steps").size());
		assertThat(admin.jsonOk(url + "&points=100000").get("series").get(0).get("steps").size())
			.isLessThanOrEqualTo(2500);
		JsonNode zoomed = admin.jsonOk(url + "&from=100&to=149&points=1000").get("series").get(0);
		assertThat(zoomed.get("steps")).hasSize(50);
		assertThat(zoomed.get("steps").get(0).asLong()).isEqualTo(100);
		assertThat(admin.jsonOk(url + "&from=7000&to=8000").get("series")).isEmpty();
		assertThat(admin.get(url.replace("key=loss", "key=")).status()).isEqualTo(400);

		JsonNode status = admin.jsonOk(runPath(experiment, run) + "/status");
		assertThat(status.get("status").asString()).isEqualTo("RUNNING");
		assertThat(status.get("terminal").asBoolean()).isFalse();
		assertThat(status.get("metrics").get(0).get("key").asString()).isEqualTo("loss");
		assertThat(status.get("metrics").get(0).get("step").asLong()).isEqualTo(5999);
	}

	@Test
	void compareShowsDifferencesAndOverlaysCharts() {
		Seed seed = Seed.of(this.port);
		String experiment = seed.experiment("compare");
		String a = seed.run(experiment, "run-a", Map.of());
		String b = seed.run(experiment, "run-b", Map.of());
		seed.params(a, Map.of("lr", "0.1", "batch", "32"));
		seed.params(b, Map.of("lr", "0.2", "batch", "32"));
		seed.points(a, "loss", 30);
		seed.points(b, "loss", 40);
		seed.points(b, "only_b", 3);
		PageSession admin = PageSession.admin(this.port);
		String compare = "/experiments/" + experiment + "/compare?runIds=" + a + "&runIds=" + b;
		PageSession.Page page = admin.get(compare);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("run-a", "run-b", "class=\"differs\" data-key=\"lr\"",
				"class=\"same\" data-key=\"batch\"", "data-key=\"loss\"", "only-differences", "/js/compare.js");
		assertThat(page.body()).doesNotContain("<figure class=\"chart-card\" data-key=\"only_b\"");
		JsonNode overlay = admin
			.jsonOk("/experiments/" + experiment + "/compare/metrics?key=loss&runIds=" + a + "&runIds=" + b);
		assertThat(overlay.get("series")).hasSize(2);
		assertThat(overlay.get("series").get(1).get("runName").asString()).isEqualTo("run-b");

		PageSession.Page one = admin.get("/experiments/" + experiment + "/compare?runIds=" + a);
		assertThat(one.status()).isEqualTo(400);
		assertThat(one.body()).contains("Choose between 2 and 10 runs");
		StringBuilder eleven = new StringBuilder("/experiments/" + experiment + "/compare?runIds=" + a);
		for (int i = 0; i < 10; i++) {
			eleven.append("&runIds=").append(seed.run(experiment, "many-" + i, Map.of()));
		}
		PageSession.Page tooMany = admin.get(eleven.toString());
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.body()).contains("Choose between 2 and 10 runs", "11 chosen");
		assertThat(admin.get("/experiments/" + experiment + "/compare").status()).isEqualTo(400);
	}

	@Test
	void pagesNeedSignIn() {
		PageSession anonymous = new PageSession(this.port);
		PageSession.Page page = anonymous.get("/experiments/0/runs/0123456789abcdef0123456789abcdef");
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.header("Location")).endsWith("/login");
	}

	static String runPath(String experiment, String run) {
		return "/experiments/" + experiment + "/runs/" + run;
	}

	private String person(Role role) {
		String name = "runviewer" + NAMES.incrementAndGet();
		SlipwayPrincipal admin = this.authenticator.password(TestAdmin.USERNAME, TestAdmin.PASSWORD, "test", "basic");
		SecurityContextHolder.getContext().setAuthentication(new SlipwayAuthentication(admin));
		try {
			this.users.create(new NewUser(name, role, false, PASSWORD, null, null));
		}
		finally {
			SecurityContextHolder.clearContext();
		}
		return name;
	}

	/** Test data written through the MLflow REST API, as a client logs it. */
	static final class Seed {

		static final String API = "/api/2.0/mlflow/";

		/** A 1×1 PNG. */
		static final byte[] PNG = java.util.Base64.getDecoder()
			.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

		private final HttpProbe http;

		private Seed(HttpProbe http) {
			this.http = http;
		}

		static Seed of(int port) {
			return new Seed(TestAdmin.signedIn(new HttpProbe("http://localhost:" + port)));
		}

		String experiment(String name) {
			return ok(this.http.postJson(API + "experiments/create",
					"{\"name\": \"" + name + "-" + System.nanoTime() + "\"}"))
				.get("experiment_id")
				.asString();
		}

		String run(String experiment, String name, Map<String, String> tags) {
			String tagJson = tags.entrySet()
				.stream()
				.map((tag) -> "{\"key\": \"" + tag.getKey() + "\", \"value\": \"" + tag.getValue() + "\"}")
				.collect(Collectors.joining(","));
			return ok(this.http.postJson(API + "runs/create",
					"{\"experiment_id\": \"" + experiment + "\", \"run_name\": \"" + name + "\", \"start_time\": "
							+ System.currentTimeMillis() + ", \"tags\": [" + tagJson + "]}"))
				.get("run")
				.get("info")
				.get("run_id")
				.asString();
		}

		void params(String run, Map<String, String> params) {
			String json = params.entrySet()
				.stream()
				.map((param) -> "{\"key\": \"" + param.getKey() + "\", \"value\": \"" + param.getValue() + "\"}")
				.collect(Collectors.joining(","));
			ok(this.http.postJson(API + "runs/log-batch", "{\"run_id\": \"" + run + "\", \"params\": [" + json + "]}"));
		}

		/** {@code count} points of a decaying curve, steps 0 to count - 1. */
		void points(String run, String key, int count) {
			long start = System.currentTimeMillis() - count * 1000L;
			for (int from = 0; from < count; from += 1000) {
				StringBuilder json = new StringBuilder();
				for (int step = from; step < Math.min(count, from + 1000); step++) {
					if (json.length() > 0) {
						json.append(',');
					}
					double value = 1.0 / (1 + step * 0.01) + ((step * 7919) % 13) * 0.001;
					json.append("{\"key\": \"")
						.append(key)
						.append("\", \"value\": ")
						.append(value)
						.append(", \"timestamp\": ")
						.append(start + step * 1000L)
						.append(", \"step\": ")
						.append(step)
						.append('}');
				}
				ok(this.http.postJson(API + "runs/log-batch",
						"{\"run_id\": \"" + run + "\", \"metrics\": [" + json + "]}"));
			}
		}

		void metric(String run, String key, double value, long step) {
			ok(this.http.postJson(API + "runs/log-metric",
					"{\"run_id\": \"" + run + "\", \"key\": \"" + key + "\", \"value\": " + value + ", \"timestamp\": "
							+ System.currentTimeMillis() + ", \"step\": " + step + "}"));
		}

		void artifact(String experiment, String run, String path, byte[] content) {
			HttpResponse<String> response = this.http.put(
					"/api/2.0/mlflow-artifacts/artifacts/" + experiment + "/" + run + "/artifacts/" + path, content,
					"application/octet-stream");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}

		void finish(String run) {
			ok(this.http.postJson(API + "runs/update", "{\"run_id\": \"" + run
					+ "\", \"status\": \"FINISHED\", \"end_time\": " + System.currentTimeMillis() + "}"));
		}

		private static JsonNode ok(HttpResponse<String> response) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return JSON.readTree(response.body());
		}

	}

}
