package dev.slipway.serving;

import java.net.http.HttpResponse;
import java.time.Duration;
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
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployment pages through real HTTP, signed in as a browser is, with models
 * registered and deployed through the REST API ({@link ServingDemo}): the list (empty,
 * then with each deployment's phase and rollout), a deployment's page (split, steps,
 * gates with their readings, history) and the JSON it polls, the Promote, Pause, Resume,
 * Abort and Roll back buttons with a refusal said on the page, and who may do what. A
 * database of its own, so the list starts empty.
 */
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentPagesTest {

	/**
	 * Candidate steps that hold for an hour, so nothing moves unless a button is used.
	 */
	private static final String HELD_CANARY = """
			{"version": "2", "strategy": "canary",
			 "steps": [{"weight": 50, "pause_seconds": 3600}, {"weight": 100, "pause_seconds": 3600}],
			 "gates": {"min_requests": 5, "max_error_rate": 0.05, "max_p99_ms": 500}}""";

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "deployment-pages");
		TestAdmin.register(registry);
		registry.add("slipway.serving.stats-interval", () -> "200ms");
		registry.add("slipway.serving.rollout-interval", () -> "200ms");
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
	void theEmptyListSaysHowToCreateOne() {
		Page list = this.admin.get("/deployments");

		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body())
			.contains("id=\"no-deployments\"", "No deployments yet", "<code>POST /api/v1/deployments</code>",
					"/serve/&lt;name&gt;/invocations", "aria-current=\"page\">Deployments</a>")
			.doesNotContain("id=\"deployments\"");
	}

	@Test
	void theListShowsEachDeploymentWithItsPhaseAndRollout() {
		String stable = deployed();
		String rolling = deployed();
		startRollout(rolling, HELD_CANARY.replace("\"weight\": 50", "\"weight\": 10"));

		String list = this.admin.get("/deployments").body();

		assertThat(row(list, stable)).contains("href=\"/deployments/" + stable + "\"",
				"href=\"/models/" + stable + "\"", ">v1<", "class=\"badge ok\"", ">stable<", "class=\"muted\">—<");
		assertThat(row(list, rolling)).containsPattern("Canary</span> of\\s+<span>v2</span> at <span>10%</span>")
			.contains("class=\"badge running\"", ">progressing<");
		assertThat(list).doesNotContain("id=\"no-deployments\"");
	}

	@Test
	void aDeploymentPageShowsTheSplitStepsGatesWithTheirReadingsAndHistory() {
		String name = deployed();
		startRollout(name, HELD_CANARY);
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			for (int i = 0; i < 10; i++) {
				ServingDemo.ok(this.api.postJson("/serve/" + name + "/invocations", ServingDemo.IRIS_SPLIT));
			}
			// The charts leave out the ten-second bucket the step began in (the series
			// does not round the step's start down to its bucket as the totals do), so
			// wait for both versions in them too.
			return candidateRequests(name) >= 5
					&& this.admin.jsonOk("/deployments/" + name + "/live").get("chart").get("versions").size() == 2;
		});

		Page page = this.admin.get("/deployments/" + name);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("class=\"badge running\"", ">progressing<",
				// the split, as attributes: the CSP refuses style attributes
				"id=\"split-stable\" x=\"0\" y=\"0\" height=\"100%\" width=\"50.0%\"",
				"id=\"split-candidate\" y=\"0\" height=\"100%\" x=\"50.0%\" width=\"50.0%\"", "v1 · 50%", "v2 · 50%",
				"version 2</a>", "· Canary",
				// the steps, the first under way
				"<li class=\"current\">", "hold 60 min", "/serve/" + name + "/invocations",
				// the gates with their thresholds and what the candidate reads now
				"<td>Minimum requests</td><td>5</td>", "<td>Error rate</td><td>≤ 5.00%</td>",
				"<td>Latency p99</td><td>≤ 500.0 ms</td>", "<td>Failed checks</td><td>≤ 0</td>",
				"id=\"candidate-requests\"", "figure data-key=\"rate\"",
				// the history, newest first
				"rollout started", "canary of version 2", "serves version 1",
				// what an editor may do now
				"id=\"promote-button\"", "id=\"pause-button\"", "id=\"abort-button\"")
			.doesNotContain("id=\"resume-button\"", "id=\"rollback-button\"", "style=");
		assertThat(page.body().indexOf("rollout started")).as("newest first")
			.isLessThan(page.body().indexOf("serves version 1"));
		assertThat(gateReading(page.body(), "Error rate")).isEqualTo("0.00%");
		assertThat(Long.parseLong(gateReading(page.body(), "Minimum requests"))).isGreaterThanOrEqualTo(5);

		JsonNode live = this.admin.jsonOk("/deployments/" + name + "/live");
		assertThat(live.get("phase").asString()).isEqualTo("progressing");
		assertThat(live.get("candidateWeight").asDouble()).isEqualTo(50.0);
		assertThat(page.body()).contains("data-state=\"" + live.get("state").asString() + "\"");
		assertThat(live.get("chart").get("versions").valueStream().map((v) -> v.get("version").asInt()).toList())
			.containsExactlyInAnyOrder(1, 2);
		JsonNode candidate = live.get("chart")
			.get("versions")
			.valueStream()
			.filter((v) -> v.get("version").asInt() == 2)
			.findFirst()
			.orElseThrow();
		assertThat(candidate.get("time").size()).isPositive().isEqualTo(candidate.get("rate").size());
		assertThat(candidate.get("role").asString()).as("keeps the split bar's colour").isEqualTo("candidate");

		assertThat(this.admin.get("/deployments/no-such-deployment").status()).isEqualTo(404);
		assertThat(this.admin.json("/deployments/no-such-deployment/live").status()).isEqualTo(404);
	}

	@Test
	void theButtonsChangeTheRolloutAndAWrongStateIsSaidOnThePage() {
		String name = deployed();
		startRollout(name, HELD_CANARY);
		String path = "/deployments/" + name;
		this.admin.get(path);

		Page pause = this.admin.post(path + "/pause");
		assertThat(pause.status()).isEqualTo(302);
		assertThat(pause.location()).isEqualTo(path);
		assertThat(this.admin.get(path).body())
			.contains("Paused: the split holds", "class=\"badge warn\"", ">paused<", "id=\"resume-button\"",
					"id=\"promote-button\"", "id=\"abort-button\"")
			.doesNotContain("id=\"pause-button\"");

		Page again = this.admin.post(path + "/pause");
		assertThat(again.status()).isEqualTo(302);
		assertThat(this.admin.get(again.location()).body()).contains("class=\"alert\"", "is not progressing");

		this.admin.post(path + "/resume");
		assertThat(this.admin.get(path).body()).contains("Resumed", ">progressing<", "id=\"pause-button\"");

		this.admin.post(path + "/promote");
		assertThat(this.admin.get(path).body())
			.contains("Promoted: the candidate is now stable", "class=\"badge ok\"", "v2 · 100%", "Roll back to v1",
					"promoted by " + TestAdmin.USERNAME)
			.doesNotContain("id=\"split-candidate\"", "id=\"abort-button\"", "id=\"promote-button\"");
		assertThat(ServingDemo.json(this.api.getJson("/api/v1/deployments/" + name)).get("stable_version").asInt())
			.isEqualTo(2);

		this.admin.post(path + "/rollback");
		assertThat(this.admin.get(path).body()).contains("Rolled back", "v1 · 100%", "Roll back to v2", "rolled back");

		startRollout(name, HELD_CANARY);
		this.admin.get(path);
		this.admin.post(path + "/abort");
		String aborted = this.admin.get(path).body();
		assertThat(aborted)
			.contains("Aborted: all traffic is back on the stable version", "class=\"badge failed\"", ">aborted<",
					"aborted by " + TestAdmin.USERNAME, "v1 · 100%", "Roll back to v2")
			.doesNotContain("<li class=\"current\">", "id=\"abort-button\"");

		this.admin.post(path + "/abort");
		assertThat(this.admin.get(path).body()).contains("class=\"alert\"", "has no rollout to abort");
		this.admin.post(path + "/promote");
		assertThat(this.admin.get(path).body()).contains("has no rollout to promote");
		assertThat(this.admin.post("/deployments/no-such-deployment/abort").status()).isEqualTo(404);
	}

	@Test
	void anEditorMakesAnInvokeTokenOnThePageSeesItsSecretOnceAndRevokesIt() {
		String name = deployed();
		String path = "/deployments/" + name;
		assertThat(this.admin.get(path).body()).contains("id=\"invoke-tokens\"", "id=\"token-form\"")
			.doesNotContain("id=\"token-table\"");

		Page created = this.admin.post(path + "/tokens", "name", "checkout-service", "expiresIn", "30");
		assertThat(created.status()).isEqualTo(200);
		String secret = created.body().replaceAll("(?s).*<code id=\"token-secret\">([^<]+)</code>.*", "$1");
		assertThat(secret).startsWith("slw_").hasSize(47);
		assertThat(created.body()).contains("checkout-service", "/serve/" + name + "/invocations");
		assertThat(this.api.anonymous()
			.bearer(secret)
			.postJson("/serve/" + name + "/invocations", ServingDemo.IRIS_SPLIT)
			.statusCode()).isEqualTo(200);

		String page = this.admin.get(path).body();
		assertThat(page).contains("id=\"token-table\"", "checkout-service", secret.substring(0, 10))
			.as("the secret is shown once, never on the page")
			.doesNotContain(secret);

		Page refused = this.admin.post(path + "/tokens", "name", " ", "expiresIn", "30");
		assertThat(refused.status()).isEqualTo(302);
		assertThat(this.admin.get(path).body()).contains("class=\"alert\"", "name");

		long id = ServingDemo.json(this.api.getJson("/api/v1/deployments/" + name + "/tokens"))
			.get("tokens")
			.get(0)
			.get("id")
			.asLong();
		Page revoked = this.admin.post(path + "/tokens/" + id + "/revoke");
		assertThat(revoked.status()).isEqualTo(302);
		assertThat(this.admin.get(path).body()).contains("Invoke token checkout-service is revoked", "revoked ");
		assertThat(this.api.anonymous()
			.bearer(secret)
			.postJson("/serve/" + name + "/invocations", ServingDemo.IRIS_SPLIT)
			.statusCode()).isEqualTo(401);
	}

	@Test
	void aViewerSeesThePagesButNoButtonsAndIsRefusedTheActions() {
		String name = deployed();
		startRollout(name, HELD_CANARY);
		String viewer = "viewer-" + (System.nanoTime() % 1_000_000_000L);
		HttpResponse<String> created = this.api.postJson("/api/v1/users", "{\"username\": \"" + viewer
				+ "\", \"role\": \"VIEWER\", \"password\": \"" + TestAdmin.PASSWORD + "\"}");
		assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
		PageSession session = PageSession.signedIn(this.port, viewer, TestAdmin.PASSWORD);

		assertThat(session.get("/deployments").body()).contains("data-deployment=\"" + name + "\"");
		Page page = session.get("/deployments/" + name);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("v2 · 50%", "id=\"gates\"")
			.doesNotContain("deployment-actions", "-button\"", "-form\"", "invoke-tokens");
		assertThat(session.jsonOk("/deployments/" + name + "/live").get("phase").asString()).isEqualTo("progressing");

		for (String action : List.of("promote", "pause", "resume", "abort", "rollback")) {
			Page refused = session.post("/deployments/" + name + "/" + action);
			assertThat(refused.status()).as(action).isEqualTo(403);
		}
		assertThat(session.postWithoutCsrf("/deployments/" + name + "/abort").status()).isEqualTo(403);
		assertThat(ServingDemo.json(this.api.getJson("/api/v1/deployments/" + name)).get("phase").asString())
			.isEqualTo("progressing");
	}

	/** A new model with versions 1 and 2, deployed under its own name at version 1. */
	private String deployed() {
		String model = ServingDemo.model(this.api, "iris");
		ServingDemo.deploy(this.api, model, model, ServingDemo.register(this.api, model, "lr_plain"), null);
		assertThat(ServingDemo.register(this.api, model, "lr_zipmap")).isEqualTo(2);
		return model;
	}

	private void startRollout(String name, String plan) {
		ServingDemo.ok(this.api.postJson("/api/v1/deployments/" + name + "/rollouts", plan));
	}

	private long candidateRequests(String name) {
		JsonNode traffic = ServingDemo.json(this.api.getJson("/api/v1/deployments/" + name + "/traffic"));
		JsonNode candidate = traffic.get("candidate");
		return (candidate != null && !candidate.isNull()) ? candidate.get("requests").asLong() : 0;
	}

	/** What the page's gate row reads now. */
	private static String gateReading(String body, String gate) {
		Matcher matcher = Pattern.compile("<td>" + Pattern.quote(gate) + "</td><td>[^<]*</td>\\s*<td>([^<]*)</td>")
			.matcher(body);
		assertThat(matcher.find()).as("a row for the gate " + gate).isTrue();
		return matcher.group(1);
	}

	/** The list's row of one deployment. */
	private static String row(String list, String name) {
		int start = list.indexOf("data-deployment=\"" + name + "\"");
		assertThat(start).as("a row for " + name).isPositive();
		return list.substring(start, list.indexOf("</tr>", start));
	}

}
