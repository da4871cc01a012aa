package dev.slipway.pipelines;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.PageSession;
import dev.slipway.web.PageSession.Page;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline pages through real HTTP, signed in as a browser is, with pipelines
 * uploaded through the REST API ({@link PipelineDemo}): the list (empty, then with the
 * last run), a pipeline's page (versions, graph, source, start form from the typed
 * parameters), starting a run from the form and the form shown again with a refusal next
 * to its field, the run's page and the JSON it polls, Cancel and Retry, and who may do
 * what. A database of its own, so the list starts empty.
 */
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelinePagesTest {

	/** Pipelines per page of the list (the controller's). */
	private static final int PAGE_SIZE = 50;

	private static final Pattern RUN_PAGE = Pattern.compile("^/pipeline-runs/(\\d+)$");

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "pipeline-pages");
		TestAdmin.register(registry);
		PipelineDemo.settings(registry);
	}

	@LocalServerPort
	int port;

	HttpProbe api;

	PageSession admin;

	@BeforeEach
	void signIn() {
		this.api = TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port));
		this.admin = PageSession.admin(this.port);
	}

	@Test
	@Order(1)
	void theEmptyListSaysHowToUploadADefinition() {
		Page list = this.admin.get("/pipelines");

		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body())
			.contains("No pipelines yet", "id=\"upload-example\"",
					"--data-binary @pipeline.yaml -H &#39;Content-Type: application/yaml&#39; http://localhost:"
							+ this.port + "/api/v1/pipelines",
					"aria-current=\"page\">Pipelines</a>")
			.doesNotContain("Not in this version yet");
	}

	@Test
	void theListShowsEachPipelineWithItsExperimentAndLastRun() {
		String name = PipelineDemo.unique("listed");
		JsonNode uploaded = PipelineDemo.upload(this.api, PipelineDemo.demo(name, "Trains a toy model"));
		long experiment = uploaded.get("pipeline").get("experiment_id").asLong();
		String never = PipelineDemo.unique("never-run");
		PipelineDemo.upload(this.api, PipelineDemo.slow(never));
		long run = PipelineDemo.start(this.api, name, "{\"gate\": \"/\"}");
		PipelineDemo.awaitState(this.api, run, "SUCCEEDED");

		String list = this.admin.get("/pipelines").body();

		assertThat(row(list, name)).contains("href=\"/pipelines/" + name + "\"", ">v1<",
				"href=\"/experiments/" + experiment + "/runs\"", "href=\"/pipeline-runs/" + run + "\"",
				"class=\"badge state-succeeded\"", "Trains a toy model");
		assertThat(row(list, never)).contains("Never run");
	}

	@Test
	void theListPagesWithTheServicesPageToken() {
		for (int i = 0; i <= PAGE_SIZE; i++) {
			PipelineDemo.upload(this.api, PipelineDemo.slow(PipelineDemo.unique("paged")));
		}

		String first = this.admin.get("/pipelines").body();
		Matcher next = Pattern.compile("href=\"(/pipelines\\?page=[^\"]+)\" rel=\"next\"").matcher(first);
		assertThat(next.find()).as("a link to the next page").isTrue();
		String second = this.admin.get(next.group(1).replace("&amp;", "&")).body();

		List<String> onFirst = names(first);
		List<String> onSecond = names(second);
		assertThat(onFirst).hasSize(PAGE_SIZE);
		assertThat(onSecond).isNotEmpty().doesNotContainAnyElementsOf(onFirst);
		assertThat(second).contains("id=\"first-page\"");
		assertThat(this.admin.get("/pipelines?page=not-a-token").status()).isEqualTo(400);
	}

	@Test
	void aPipelinePageShowsVersionsGraphSourceRunsAndAFormFromTheParameters() {
		String name = PipelineDemo.unique("page");
		PipelineDemo.upload(this.api, PipelineDemo.demo(name, "<b>bold</b> & co"));
		PipelineDemo.upload(this.api, PipelineDemo.demo(name, "Second version"));
		long run = PipelineDemo.start(this.api, name, "{\"gate\": \"/\"}");

		Page page = this.admin.get("/pipelines/" + name);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("version 2 (latest)", "Second version", "id=\"experiment-link\"",
				"data-version=\"2\"", "data-version=\"1\"", "sha256:",
				// the graph: a box per step, an edge per dependency, each step's settings
				"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dag\"", "data-node=\"train\"",
				"data-from=\"prepare\" data-to=\"train\"", "data-from=\"profile\" data-to=\"report\"",
				"retries 1, timeout 10m", "href=\"/css/dag.css\"",
				// the source as uploaded, escaped
				"# The page tests&#39; demo.", "{{params.rows}}",
				// the runs
				"href=\"/pipeline-runs/" + run + "\"", ">api<",
				// the form: each parameter by its type, defaults in place, required ones
				// marked
				"name=\"param.rows\"", "type=\"number\"", "step=\"1\"", "value=\"3\"", "name=\"param.lr\"",
				"step=\"any\"", "value=\"0.05\"", "name=\"param.gate\"", "required", "title=\"required\"",
				"name=\"bool\" value=\"verbose\"",
				"id=\"start-cache\" name=\"cache\" value=\"true\" checked=\"checked\"");
		assertThat(page.body()).doesNotContain("<b>bold</b>");
		assertThat(page.body()).doesNotContain("style=");

		Page first = this.admin.get("/pipelines/" + name + "?version=1");
		assertThat(first.body()).contains("version 1", "&lt;b&gt;bold&lt;/b&gt; &amp; co")
			.doesNotContain("version 1 (latest)");
		assertThat(this.admin.get("/pipelines/" + name + "?version=9").status()).isEqualTo(404);
		assertThat(this.admin.get("/pipelines/no-such-pipeline").status()).isEqualTo(404);
	}

	@Test
	void aPipelinePageListsItsSchedulesAndTriggers() {
		String name = PipelineDemo.unique("automated");
		PipelineDemo.upload(this.api, PipelineDemo.slow(name));
		Page before = this.admin.get("/pipelines/" + name);
		assertThat(before.body()).contains("id=\"no-schedules\"", "id=\"no-triggers\"");
		assertThat(this.api
			.postJson("/api/v1/pipelines/" + name + "/schedules",
					"{\"name\": \"nightly\", \"cron\": \"0 3 * * *\", \"zone\": \"Europe/Paris\", \"enabled\": false}")
			.statusCode()).isEqualTo(201);
		String upstream = PipelineDemo.unique("upstream");
		PipelineDemo.upload(this.api, PipelineDemo.slow(upstream));
		assertThat(this.api
			.postJson("/api/v1/pipelines/" + name + "/triggers",
					"{\"name\": \"after-upstream\", \"kind\": \"PIPELINE_SUCCEEDED\", \"source_name\": \"" + upstream
							+ "\"}")
			.statusCode()).isEqualTo(201);

		Page page = this.admin.get("/pipelines/" + name);

		assertThat(page.body()).contains("id=\"schedules-table\"", "data-schedule=\"nightly\"", "disabled",
				"Europe/Paris", "id=\"triggers-table\"", "data-trigger=\"after-upstream\"", "PIPELINE_SUCCEEDED",
				upstream);
	}

	@Test
	void aRegisteredOutputLinksToItsModelVersion() {
		String name = PipelineDemo.unique("registers");
		String model = PipelineDemo.unique("model");
		PipelineDemo.upload(this.api, """
				name: %s
				steps:
				  - name: train
				    command: [sh, -c, "mkdir -p {{outputs.model}} && echo w > {{outputs.model}}/w.txt"]
				    outputs: {model: {type: model, register: %s}}
				""".formatted(name, model));
		long run = PipelineDemo.start(this.api, name, "{}");
		PipelineDemo.awaitState(this.api, run, "SUCCEEDED");

		Page page = this.admin.get("/pipeline-runs/" + run);

		assertThat(page.body()).contains("href=\"/models/" + model + "/versions/1\"",
				"registered as " + model + " version 1");
	}

	@Test
	void theFormStartsAManualRunAndTheRunPageShowsItsStepsOutputsLogsAndHistory(@TempDir Path gates) throws Exception {
		String name = PipelineDemo.unique("started");
		PipelineDemo.upload(this.api, PipelineDemo.demo(name, "Started from the form"));
		Path gate = Files.createFile(gates.resolve("open"));

		Page started = this.admin.submit("/pipelines/" + name, "/pipelines/" + name + "/runs", "version", "1",
				"param.rows", "5", "param.lr", "0.1", "param.gate", gate.toString(), "bool", "verbose", "cache",
				"true");

		assertThat(started.status()).as(started.body()).isEqualTo(302);
		Matcher matcher = RUN_PAGE.matcher(started.location());
		assertThat(matcher.matches()).as(started.location()).isTrue();
		long id = Long.parseLong(matcher.group(1));
		JsonNode run = PipelineDemo.awaitState(this.api, id, "SUCCEEDED");
		assertThat(run.get("cause").asString()).isEqualTo("MANUAL");
		assertThat(run.get("parameters").get("rows").asLong()).isEqualTo(5);
		assertThat(run.get("parameters").get("verbose").asBoolean()).as("an unchecked box is false").isFalse();

		Page page = this.admin.get("/pipeline-runs/" + id);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body())
			.contains("Run <span>" + id + "</span>", "class=\"badge state-succeeded\"", "data-live=\"false\"",
					"href=\"/pipelines/" + name + "?version=1\"",
					"class=\"dag-node state-succeeded\" data-node=\"train\"", "href=\"#step-train\"",
					"id=\"step-train\"", "data-output=\"score\"", "0.91", "mlflow-artifacts:/", "id=\"tracking-link\"",
					"data-logs-url=\"/pipeline-runs/" + id + "/steps/train/attempts/1/logs\"", "id=\"history-table\"",
					"queued", ">manual<", "<td class=\"value mono\">5</td>")
			.doesNotContain("id=\"cancel-form\"", "id=\"retry-form\"", "style=");

		JsonNode status = this.admin.jsonOk("/pipeline-runs/" + id + "/status");
		assertThat(status.get("state").asString()).isEqualTo("SUCCEEDED");
		assertThat(status.get("ended").asBoolean()).isTrue();
		assertThat(status.get("signature").asString()).startsWith("SUCCEEDED;prepare:SUCCEEDED:1");
		JsonNode log = this.admin.jsonOk("/pipeline-runs/" + id + "/steps/train/attempts/1/logs?stream=stdout");
		assertThat(log.get("text").asString()).startsWith("epoch 1 loss 0.8\n").contains("epoch 4");
		assertThat(log.get("complete").asBoolean()).isTrue();
		JsonNode rest = this.admin.jsonOk("/pipeline-runs/" + id + "/steps/train/attempts/1/logs?stream=stdout&offset="
				+ log.get("nextOffset").asLong());
		assertThat(rest.get("text").asString()).isEmpty();
		assertThat(this.admin.json("/pipeline-runs/" + id + "/steps/train/attempts/1/logs?stream=other").status())
			.isEqualTo(400);
		assertThat(this.admin.get("/pipeline-runs/999999").status()).isEqualTo(404);
	}

	@Test
	void aRefusedStartShowsTheFormAgainWithTheMessageNextToTheFieldAndTheValuesKept() {
		String name = PipelineDemo.unique("refused");
		PipelineDemo.upload(this.api, PipelineDemo.demo(name, "Refuses bad values"));

		Page badNumber = this.admin.submit("/pipelines/" + name, "/pipelines/" + name + "/runs", "version", "1",
				"param.rows", "many", "param.lr", "0.5", "param.gate", "/tmp/x", "bool", "verbose", "param.verbose",
				"true");

		assertThat(badNumber.status()).isEqualTo(200);
		assertThat(badNumber.body())
			.contains("id=\"param-rows-error\"", "parameters.rows: must be a whole number", "aria-invalid=\"true\"",
					"value=\"many\"", "value=\"0.5\"", "value=\"/tmp/x\"",
					"id=\"param-verbose\" name=\"param.verbose\" value=\"true\" checked=\"checked\"")
			.doesNotContain("id=\"start-cache\" name=\"cache\" value=\"true\" checked");

		Page missing = this.admin.post("/pipelines/" + name + "/runs", "version", "1", "param.rows", "2", "param.gate",
				"", "cache", "true");
		assertThat(missing.status()).isEqualTo(200);
		assertThat(missing.body()).contains("id=\"param-gate-error\"", "parameters.gate: is required (no default)",
				"value=\"2\"");
		assertThat(this.api.getJson(PipelineDemo.API + "/pipelines/" + name + "/runs").body())
			.as("a refused start makes no run")
			.contains("\"runs\":[]");
	}

	@Test
	void cancelAndRetryGoBackToTheRunAndSayWhenTheRunIsInTheWrongState() {
		String name = PipelineDemo.unique("cancelled");
		PipelineDemo.upload(this.api, PipelineDemo.slow(name));
		long id = PipelineDemo.start(this.api, name, "{}");
		PipelineDemo.awaitState(this.api, id, "RUNNING");
		assertThat(this.admin.get("/pipeline-runs/" + id).body()).contains("data-live=\"true\"", "id=\"cancel-form\"")
			.doesNotContain("id=\"retry-form\"");

		Page cancel = this.admin.post("/pipeline-runs/" + id + "/cancel");

		assertThat(cancel.status()).isEqualTo(302);
		assertThat(cancel.location()).isEqualTo("/pipeline-runs/" + id);
		assertThat(this.admin.get(cancel.location()).body()).contains("Cancel requested");
		PipelineDemo.awaitState(this.api, id, "CANCELED");
		assertThat(this.admin.get("/pipeline-runs/" + id).body()).contains("id=\"retry-form\"",
				"class=\"badge state-canceled\"");

		Page again = this.admin.post("/pipeline-runs/" + id + "/cancel");
		assertThat(again.status()).isEqualTo(302);
		assertThat(this.admin.get(again.location()).body()).contains("class=\"alert\"", "has ended (CANCELED)");

		Page retry = this.admin.post("/pipeline-runs/" + id + "/retry");
		assertThat(retry.status()).isEqualTo(302);
		assertThat(retry.location()).isEqualTo("/pipeline-runs/" + id);
		assertThat(this.admin.get(retry.location()).body()).contains("Retry started");
		await().atMost(PipelineDemo.WAIT)
			.until(() -> PipelineDemo.step(PipelineDemo.run(this.api, id), "wait").get("attempts").asInt() == 2);
		this.admin.get("/pipeline-runs/" + id);
		assertThat(this.admin.post("/pipeline-runs/" + id + "/cancel").status()).isEqualTo(302);
		PipelineDemo.awaitState(this.api, id, "CANCELED");

		long succeeded = PipelineDemo.start(this.api,
				PipelineDemo.upload(this.api, PipelineDemo.demo(PipelineDemo.unique("done"), "Ends well"))
					.get("pipeline")
					.get("name")
					.asString(),
				"{\"gate\": \"/\"}");
		PipelineDemo.awaitState(this.api, succeeded, "SUCCEEDED");
		this.admin.get("/pipeline-runs/" + succeeded);
		Page notFailed = this.admin.post("/pipeline-runs/" + succeeded + "/retry");
		assertThat(notFailed.status()).isEqualTo(302);
		assertThat(this.admin.get(notFailed.location()).body())
			.contains("Only a FAILED or CANCELED run can be retried");
	}

	@Test
	void aViewerSeesThePagesButNeitherTheFormNorTheButtonsAndIsRefusedTheActions() {
		String name = PipelineDemo.unique("guarded");
		PipelineDemo.upload(this.api, PipelineDemo.slow(name));
		long id = PipelineDemo.start(this.api, name, "{}");
		String viewer = PipelineDemo.unique("viewer");
		HttpResponse<String> created = this.api.postJson("/api/v1/users", "{\"username\": \"" + viewer
				+ "\", \"role\": \"VIEWER\", \"password\": \"" + TestAdmin.PASSWORD + "\"}");
		assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
		PageSession session = PageSession.signedIn(this.port, viewer, TestAdmin.PASSWORD);

		assertThat(session.get("/pipelines").body()).contains("data-pipeline=\"" + name + "\"");
		Page page = session.get("/pipelines/" + name);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).doesNotContain("id=\"start-form\"");
		Page runPage = session.get("/pipeline-runs/" + id);
		assertThat(runPage.status()).isEqualTo(200);
		assertThat(runPage.body()).doesNotContain("id=\"cancel-form\"");

		Page start = session.post("/pipelines/" + name + "/runs", "version", "1", "cache", "true");
		assertThat(start.status()).isEqualTo(403);
		assertThat(start.body()).contains("PERMISSION_DENIED");
		Page cancel = session.post("/pipeline-runs/" + id + "/cancel");
		assertThat(cancel.status()).isEqualTo(403);
		assertThat(session.post("/pipeline-runs/" + id + "/retry").status()).isEqualTo(403);
		assertThat(session.postWithoutCsrf("/pipeline-runs/" + id + "/cancel").status()).isEqualTo(403);
		assertThat(PipelineDemo.run(this.api, id).get("state").asString()).isIn("PENDING", "RUNNING");

		this.admin.get("/pipeline-runs/" + id);
		this.admin.post("/pipeline-runs/" + id + "/cancel");
		PipelineDemo.awaitState(this.api, id, "CANCELED");
	}

	/** The names the list shows, in order. */
	private static List<String> names(String list) {
		List<String> names = new ArrayList<>();
		Matcher row = Pattern.compile("data-pipeline=\"([^\"]+)\"").matcher(list);
		while (row.find()) {
			names.add(row.group(1));
		}
		return names;
	}

	/** The list's row of one pipeline. */
	private static String row(String list, String name) {
		int start = list.indexOf("data-pipeline=\"" + name + "\"");
		assertThat(start).as("a row for " + name).isPositive();
		return list.substring(start, list.indexOf("</tr>", start));
	}

}
