package dev.slipway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.ServedRoute;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every route and page × every kind of caller → the status {@code
 * security/authorization-matrix.txt} expects. A route served without a row in that file
 * fails {@link #everyServedRouteHasARow()}, so no route can be added without deciding who
 * may call it.
 */
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

	private static final String PASSWORD = "matrix-password-1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)\\}");

	private static final List<String> ROLES = List.of("anonymous", "viewer", "editor", "maintainer", "admin");

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "matrix");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	private final AtomicLong sequence = new AtomicLong();

	private final Map<String, Caller> callers = new LinkedHashMap<>();

	private Caller wrongPassword;

	private Caller expiredToken;

	private Caller revokedToken;

	private final Map<String, String> fixed = new LinkedHashMap<>();

	/** One row of the matrix file. */
	record Row(int line, String method, String pattern, String request, String body, List<String> expected) {

		boolean isPage() {
			return !(this.request.startsWith("/api/") || this.request.startsWith("/ajax-api/")
					|| this.request.startsWith("/actuator") || this.request.equals("/health")
					|| this.request.equals("/version") || this.request.startsWith("/serve/")
					|| this.request.equals("/v2") || this.request.startsWith("/v2/"));
		}

		String key() {
			return this.method + " " + this.pattern;
		}

	}

	/**
	 * Someone calling: an Authorization header for the API, a browser session for pages.
	 */
	record Caller(String name, String authorization, String password, HttpClient browser) {
	}

	@BeforeAll
	void fixture() {
		Caller admin = new Caller("admin", basic(TestAdmin.USERNAME, TestAdmin.PASSWORD), TestAdmin.PASSWORD, null);
		for (String role : List.of("viewer", "editor", "maintainer")) {
			ok(send(admin, "POST", "/api/v1/users", "{\"username\": \"mx-" + role + "\", \"role\": \""
					+ role.toUpperCase() + "\", \"password\": \"" + PASSWORD + "\"}"));
		}
		ok(send(admin, "POST", "/api/v1/users",
				"{\"username\": \"mx-wrong\", \"role\": \"EDITOR\", \"password\": \"" + PASSWORD + "\"}"));
		this.callers.put("anonymous", new Caller("anonymous", null, "no-password-at-all", newBrowser()));
		for (String role : List.of("viewer", "editor", "maintainer")) {
			Caller withPassword = new Caller(role, basic("mx-" + role, PASSWORD), PASSWORD, null);
			String token = ok(send(withPassword, "POST", "/api/v1/tokens", "{\"name\": \"matrix\"}")).get("secret")
				.asString();
			this.callers.put(role,
					new Caller(role, "Bearer " + token, PASSWORD, signedInBrowser("mx-" + role, PASSWORD)));
		}
		String adminToken = ok(send(admin, "POST", "/api/v1/tokens", "{\"name\": \"matrix\"}")).get("secret")
			.asString();
		this.callers.put("admin", new Caller("admin", "Bearer " + adminToken, TestAdmin.PASSWORD,
				signedInBrowser(TestAdmin.USERNAME, TestAdmin.PASSWORD)));
		this.wrongPassword = new Caller("wrong password", basic("mx-wrong", "not-the-password"), "x", newBrowser());
		this.expiredToken = new Caller("expired token", "Bearer " + expiredTokenOf("mx-editor"), "x", newBrowser());
		Caller editor = this.callers.get("editor");
		JsonNode revoked = ok(send(editor, "POST", "/api/v1/tokens", "{\"name\": \"to-revoke\"}"));
		ok(send(editor, "DELETE", "/api/v1/tokens/" + revoked.get("token").get("id").asLong(), null));
		this.revokedToken = new Caller("revoked token", "Bearer " + revoked.get("secret").asString(), "x",
				newBrowser());

		String experiment = newExperiment();
		this.fixed.put("exp", experiment);
		this.fixed.put("exp_name",
				ok(send(editor, "GET", "/api/2.0/mlflow/experiments/get?experiment_id=" + experiment, null))
					.get("experiment")
					.get("name")
					.asString());
		String run = newRun(experiment);
		this.fixed.put("run", run);
		this.fixed.put("model", newModel(experiment));
		String artifact = newArtifact(experiment, run);
		this.fixed.put("artifact", artifact);
		this.fixed.put("artifact_name", artifact.substring(artifact.lastIndexOf('/') + 1));
		String registered = newRegisteredModel();
		newModelVersion(registered);
		ok(send(editor, "POST", "/api/2.0/mlflow/registered-models/alias",
				"{\"name\": \"" + registered + "\", \"alias\": \"mx\", \"version\": \"1\"}"));
		this.fixed.put("rm", registered);
	}

	@Test
	void everyServedRouteHasARow() {
		Set<String> rows = new TreeSet<>();
		rows(readMatrix()).forEach((row) -> rows.add(row.key()));
		Set<String> missing = new TreeSet<>();
		for (String route : servedRoutes()) {
			if (!rows.contains(route)) {
				missing.add(route);
			}
		}
		assertThat(missing).as("served routes without a row in security/authorization-matrix.txt").isEmpty();
	}

	@TestFactory
	Stream<DynamicTest> everyRowHoldsForEveryCaller() {
		List<DynamicTest> tests = new ArrayList<>();
		for (Row row : rows(readMatrix())) {
			for (String request : variants(row.request())) {
				for (int i = 0; i < ROLES.size(); i++) {
					String role = ROLES.get(i);
					String expected = row.expected().get(i);
					tests.add(DynamicTest.dynamicTest(row.method() + " " + request + " as " + role + " → " + expected,
							() -> check(row, request, this.callers.get(role), expected)));
				}
				for (Caller bad : List.of(this.wrongPassword, this.expiredToken, this.revokedToken)) {
					String expected = row.isPage() ? row.expected().get(0) : "401";
					tests.add(DynamicTest.dynamicTest(
							row.method() + " " + request + " with " + bad.name() + " → " + expected,
							() -> check(row, request, bad, expected)));
				}
			}
		}
		return tests.stream();
	}

	private void check(Row row, String requestTemplate, Caller caller, String expected) {
		String path = resolve(requestTemplate, caller);
		String body = (row.body() == null) ? null : resolve(row.body(), caller);
		HttpResponse<String> response = row.isPage() ? page(caller, row.method(), path, body)
				: send(caller, row.method(), path, body);
		int status = response.statusCode();
		String where = "line " + row.line() + ": " + row.method() + " " + path + " as " + caller.name() + " answered "
				+ status + " " + abbreviate(response.body());
		switch (expected) {
			case "2xx" -> assertThat(status).as(where).isBetween(200, 299);
			case "4xx" -> assertThat(status).as(where).isBetween(400, 499).isNotIn(401, 403);
			default -> assertThat(status).as(where).isEqualTo(Integer.parseInt(expected));
		}
		if (status == 401 && !row.isPage()) {
			assertThat(response.body()).as(where).contains("UNAUTHENTICATED");
		}
		if (status == 403 && !row.isPage()) {
			assertThat(response.body()).as(where).contains("PERMISSION_DENIED");
		}
	}

	/** The MLflow routes are also served under the UI's {@code /ajax-api} prefix. */
	private static List<String> variants(String request) {
		if (request.startsWith("/api/2.0/mlflow/") || request.startsWith("/api/3.0/mlflow/")) {
			return List.of(request, "/ajax-api/" + request.substring("/api/".length()));
		}
		return List.of(request);
	}

	private Set<String> servedRoutes() {
		Set<String> routes = new TreeSet<>();
		for (ServedRoute served : ServedRoute.of(this.context)) {
			if (served.pattern().equals("/error") || served.pattern().startsWith("/test/")) {
				continue;
			}
			Set<String> methods = served.methods().isEmpty() ? Set.of("*") : served.methods();
			methods.forEach((method) -> routes.add(method + " " + served.normalized()));
		}
		return routes;
	}

	private String resolve(String template, Caller caller) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(out, Matcher.quoteReplacement(value(matcher.group(1), caller)));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	private String value(String name, Caller caller) {
		if (this.fixed.containsKey(name)) {
			return this.fixed.get(name);
		}
		Caller editor = this.callers.get("editor");
		return switch (name) {
			case "unique" -> System.nanoTime() + "-" + this.sequence.incrementAndGet();
			case "password" -> caller.password();
			case "exp_fresh" -> newExperiment();
			case "exp_deleted" -> {
				String id = newExperiment();
				ok(send(editor, "POST", "/api/2.0/mlflow/experiments/delete", "{\"experiment_id\": \"" + id + "\"}"));
				yield id;
			}
			case "exp_tagged" -> {
				String id = newExperiment();
				ok(send(editor, "POST", "/api/2.0/mlflow/experiments/set-experiment-tag",
						"{\"experiment_id\": \"" + id + "\", \"key\": \"t\", \"value\": \"v\"}"));
				yield id;
			}
			case "exp_granted" -> {
				String id = newExperiment();
				ok(send(editor, "PUT", "/api/v1/experiments/" + id + "/permissions/users/mx-viewer",
						"{\"permission\": \"READ\"}"));
				yield id;
			}
			case "run_fresh" -> newRun(this.fixed.get("exp"));
			case "run_deleted" -> {
				String id = newRun(this.fixed.get("exp"));
				ok(send(editor, "POST", "/api/2.0/mlflow/runs/delete", "{\"run_id\": \"" + id + "\"}"));
				yield id;
			}
			case "run_tagged" -> {
				String id = newRun(this.fixed.get("exp"));
				ok(send(editor, "POST", "/api/2.0/mlflow/runs/set-tag",
						"{\"run_id\": \"" + id + "\", \"key\": \"t\", \"value\": \"v\"}"));
				yield id;
			}
			case "model_fresh" -> newModel(this.fixed.get("exp"));
			case "model_tagged" -> {
				String id = newModel(this.fixed.get("exp"));
				ok(send(editor, "PATCH", "/api/2.0/mlflow/logged-models/" + id + "/tags",
						"{\"tags\": [{\"key\": \"t\", \"value\": \"v\"}]}"));
				yield id;
			}
			case "artifact_fresh" -> newArtifact(this.fixed.get("exp"), this.fixed.get("run"));
			case "user_fresh" -> {
				String username = "mx-f" + this.sequence.incrementAndGet();
				ok(send(this.callers.get("admin"), "POST", "/api/v1/users", "{\"username\": \"" + username
						+ "\", \"role\": \"VIEWER\", \"password\": \"" + PASSWORD + "\"}"));
				yield username;
			}
			case "service_fresh" -> newServiceAccount();
			case "service_token" -> {
				String service = newServiceAccount();
				long id = ok(send(this.callers.get("admin"), "POST", "/api/v1/tokens",
						"{\"name\": \"ci\", \"username\": \"" + service + "\"}"))
					.get("token")
					.get("id")
					.asLong();
				yield service + "/tokens/" + id;
			}
			case "rm_fresh" -> newRegisteredModel();
			case "rm_tagged" -> {
				String model = newRegisteredModel();
				ok(send(editor, "POST", "/api/2.0/mlflow/registered-models/set-tag",
						"{\"name\": \"" + model + "\", \"key\": \"t\", \"value\": \"v\"}"));
				yield model;
			}
			case "rm_versioned" -> {
				String model = newRegisteredModel();
				newModelVersion(model);
				yield model;
			}
			case "rm_version_tagged" -> {
				String model = newRegisteredModel();
				newModelVersion(model);
				ok(send(editor, "POST", "/api/2.0/mlflow/model-versions/set-tag",
						"{\"name\": \"" + model + "\", \"version\": \"1\", \"key\": \"t\", \"value\": \"v\"}"));
				yield model;
			}
			case "rm_aliased" -> {
				String model = newRegisteredModel();
				newModelVersion(model);
				ok(send(editor, "POST", "/api/2.0/mlflow/registered-models/alias",
						"{\"name\": \"" + model + "\", \"alias\": \"a\", \"version\": \"1\"}"));
				yield model;
			}
			case "rm_granted" -> {
				String model = newRegisteredModel();
				ok(send(editor, "PUT", "/api/v1/models/" + model + "/permissions/users/mx-viewer",
						"{\"permission\": \"READ\"}"));
				yield model;
			}
			case "rm_promoted" -> {
				String model = newRegisteredModel();
				newModelVersion(model);
				newModelVersion(model);
				for (String version : List.of("1", "2")) {
					ok(send(this.callers.get("admin"), "POST", "/api/2.0/mlflow/model-versions/transition-stage",
							"{\"name\": \"" + model + "\", \"version\": \"" + version
									+ "\", \"stage\": \"Production\", \"archive_existing_versions\": true}"));
				}
				yield model;
			}
			case "request" -> {
				String id = newTransitionRequest(this.fixed.get("rm"));
				this.fixed.put("request", id);
				yield id;
			}
			case "request_fresh" -> {
				String model = newRegisteredModel();
				newModelVersion(model);
				yield newTransitionRequest(model);
			}
			case "webhook" -> {
				String id = newWebhook(this.fixed.get("rm"));
				this.fixed.put("webhook", id);
				yield id;
			}
			case "webhook_fresh" -> newWebhook(newRegisteredModel());
			case "monitor" -> {
				String id = newMonitor(this.fixed.get("rm"));
				this.fixed.put("monitor", id);
				yield id;
			}
			case "monitor_fresh" -> newMonitor(newRegisteredModel());
			case "monitor_rule_fresh" -> {
				String monitor = newMonitor(newRegisteredModel());
				yield monitor + "/alerts/" + ok(send(editor, "POST", "/api/v1/monitors/" + monitor + "/alerts",
						"{\"name\": \"mx\", \"metric\": \"dataset_drift\"}"))
					.get("id")
					.asLong();
			}
			case "deployment" -> {
				String deployment = newDeployment(this.fixed.get("rm"), false);
				this.fixed.put("deployment", deployment);
				yield deployment;
			}
			case "deployment_fresh" -> newDeployment(null, false);
			case "deployment_rolling_fresh" -> newDeployment(null, true);
			case "pipeline" -> {
				String pipeline = newPipeline();
				this.fixed.put("pipeline", pipeline);
				yield pipeline;
			}
			case "prun" -> {
				String id = newPipelineRun(value("pipeline", caller));
				await().atMost(Duration.ofSeconds(60))
					.until(() -> "SUCCEEDED"
						.equals(ok(send(editor, "GET", "/api/v1/pipeline-runs/" + id, null)).get("state").asString()));
				this.fixed.put("prun", id);
				yield id;
			}
			case "prun_fresh" -> newPipelineRun(value("pipeline", caller));
			case "prun_running_fresh" -> {
				String pipeline = this.fixed.computeIfAbsent("pipeline_slow", (key) -> newPipeline("sleep", "10"));
				String id = newPipelineRun(pipeline);
				await().atMost(Duration.ofSeconds(60))
					.until(() -> "RUNNING"
						.equals(ok(send(editor, "GET", "/api/v1/pipeline-runs/" + id, null)).get("state").asString()));
				yield id;
			}
			case "prun_failed_fresh" -> {
				String pipeline = this.fixed.computeIfAbsent("pipeline_failing", (key) -> newPipeline("false"));
				String id = newPipelineRun(pipeline);
				await().atMost(Duration.ofSeconds(60))
					.until(() -> "FAILED"
						.equals(ok(send(editor, "GET", "/api/v1/pipeline-runs/" + id, null)).get("state").asString()));
				yield id;
			}
			case "pipeline_schedule" -> {
				String path = newPipelineSchedule(value("pipeline", caller));
				this.fixed.put("pipeline_schedule", path);
				yield path;
			}
			case "pipeline_schedule_fresh" -> newPipelineSchedule(value("pipeline", caller));
			case "pipeline_trigger" -> {
				String path = newPipelineTrigger(value("pipeline", caller), value("rm", caller));
				this.fixed.put("pipeline_trigger", path);
				yield path;
			}
			case "pipeline_trigger_fresh" -> newPipelineTrigger(value("pipeline", caller), value("rm", caller));
			case "token_fresh" -> String.valueOf(ok(send(editor, "POST", "/api/v1/tokens",
					"{\"name\": \"fresh-" + this.sequence.incrementAndGet() + "\"}"))
				.get("token")
				.get("id")
				.asLong());
			default -> throw new IllegalArgumentException("Unknown placeholder {" + name + "} in the matrix");
		};
	}

	/** A registered model mx-editor created (so it has MANAGE, the others READ). */
	private String newRegisteredModel() {
		String name = "mx-rm-" + System.nanoTime() + "-" + this.sequence.incrementAndGet();
		ok(send(this.callers.get("editor"), "POST", "/api/2.0/mlflow/registered-models/create",
				"{\"name\": \"" + name + "\"}"));
		return name;
	}

	/**
	 * A deployment mx-editor made of version 1 of {@code model}, or of a fresh model with
	 * versions 1 and 2; with {@code rolling}, a canary of version 2 at 10 % held an hour.
	 * Its files are not a model, so it never becomes ready: predictions answer 503.
	 */
	private String newDeployment(String model, boolean rolling) {
		String name = "mx-d-" + this.sequence.incrementAndGet() + "-" + (System.nanoTime() % 1_000_000);
		String target = model;
		if (target == null) {
			target = newRegisteredModel();
			newModelVersion(target);
			newModelVersion(target);
		}
		ok(send(this.callers.get("editor"), "POST", "/api/v1/deployments",
				"{\"name\": \"" + name + "\", \"model\": \"" + target + "\", \"version\": \"1\"}"));
		if (rolling) {
			ok(send(this.callers.get("editor"), "POST", "/api/v1/deployments/" + name + "/rollouts",
					"{\"version\": \"2\", \"strategy\": \"canary\", \"steps\": [{\"weight\": 10, "
							+ "\"pause_seconds\": 3600}]}"));
		}
		return name;
	}

	private void newModelVersion(String name) {
		String run = this.fixed.get("run");
		ok(send(this.callers.get("editor"), "POST", "/api/2.0/mlflow/model-versions/create",
				"{\"name\": \"" + name + "\", \"source\": \"runs:/" + run + "/model\", \"run_id\": \"" + run + "\"}"));
	}

	/** A pending request of mx-editor to put version 1 under the protected alias. */
	private String newTransitionRequest(String name) {
		return String.valueOf(ok(send(this.callers.get("editor"), "POST", "/api/v1/models/" + name + "/requests",
				"{\"version\": \"1\", \"target_kind\": \"ALIAS\", \"target\": \"champion\"}"))
			.get("id")
			.asLong());
	}

	/** A monitor mx-editor created on the model, with one numerical column {@code x}. */
	private String newMonitor(String model) {
		return String.valueOf(ok(send(this.callers.get("editor"), "POST", "/api/v1/models/" + model + "/monitors",
				"{\"name\": \"mx-" + this.sequence.incrementAndGet()
						+ "\", \"schema\": {\"columns\": [{\"name\": \"x\", \"kind\": \"numerical\"}]}}"))
			.get("id")
			.asLong());
	}

	/** A webhook mx-editor created on the model. */
	private String newWebhook(String name) {
		return String
			.valueOf(ok(send(this.callers.get("editor"), "POST", "/api/v1/models/" + name + "/webhooks",
					"{\"name\": \"mx\", \"url\": \"http://127.0.0.1:9/mx\", "
							+ "\"events\": [\"model_version.stage_transitioned\"]}"))
				.get("webhook")
				.get("id")
				.asLong());
	}

	/**
	 * A pipeline mx-editor uploaded: one step, {@code only}, that runs {@code true}; its
	 * runs go to a new experiment of mx-editor's.
	 */
	private String newPipeline() {
		return newPipeline("true");
	}

	/** A pipeline like {@link #newPipeline()} whose step runs {@code command}. */
	private String newPipeline(String... command) {
		String name = "mx-pipe-" + this.sequence.incrementAndGet() + "-" + System.nanoTime() % 1_000_000;
		String program = String.join(", ", java.util.Arrays.stream(command).map((arg) -> "\"" + arg + "\"").toList());
		ok(send(this.callers.get("editor"), "POST", "/api/v1/pipelines",
				"{\"name\": \"" + name + "\", \"steps\": [{\"name\": \"only\", \"command\": [" + program + "]}]}"));
		return name;
	}

	/** {@code <pipeline>/schedules/<name>}: a disabled hourly schedule of mx-editor's. */
	private String newPipelineSchedule(String pipeline) {
		String name = "mx-sched-" + this.sequence.incrementAndGet();
		ok(send(this.callers.get("editor"), "POST", "/api/v1/pipelines/" + pipeline + "/schedules",
				"{\"name\": \"" + name + "\", \"cron\": \"@hourly\", \"enabled\": false}"));
		return pipeline + "/schedules/" + name;
	}

	/**
	 * {@code <pipeline>/triggers/<name>}: a trigger of mx-editor's on new versions of a
	 * model.
	 */
	private String newPipelineTrigger(String pipeline, String model) {
		String name = "mx-trig-" + this.sequence.incrementAndGet();
		ok(send(this.callers.get("editor"), "POST", "/api/v1/pipelines/" + pipeline + "/triggers",
				"{\"name\": \"" + name + "\", \"kind\": \"MODEL_VERSION\", \"source_name\": \"" + model + "\"}"));
		return pipeline + "/triggers/" + name;
	}

	/** A run of the pipeline, started by mx-editor. */
	private String newPipelineRun(String pipeline) {
		return String.valueOf(
				ok(send(this.callers.get("editor"), "POST", "/api/v1/pipelines/" + pipeline + "/runs", "{}")).get("id")
					.asLong());
	}

	private String newServiceAccount() {
		String username = "mx-svc" + this.sequence.incrementAndGet();
		ok(send(this.callers.get("admin"), "POST", "/api/v1/users",
				"{\"username\": \"" + username + "\", \"role\": \"EDITOR\", \"serviceAccount\": true}"));
		return username;
	}

	private String newExperiment() {
		return ok(send(this.callers.get("editor"), "POST", "/api/2.0/mlflow/experiments/create",
				"{\"name\": \"mx-" + System.nanoTime() + "-" + this.sequence.incrementAndGet() + "\"}"))
			.get("experiment_id")
			.asString();
	}

	private String newRun(String experiment) {
		return ok(send(this.callers.get("editor"), "POST", "/api/2.0/mlflow/runs/create",
				"{\"experiment_id\": \"" + experiment + "\"}"))
			.get("run")
			.get("info")
			.get("run_id")
			.asString();
	}

	private String newModel(String experiment) {
		return ok(send(this.callers.get("editor"), "POST", "/api/2.0/mlflow/logged-models", "{\"experiment_id\": \""
				+ experiment + "\", \"name\": \"lm-" + this.sequence.incrementAndGet() + "\"}"))
			.get("model")
			.get("info")
			.get("model_id")
			.asString();
	}

	private String newArtifact(String experiment, String run) {
		String path = experiment + "/" + run + "/artifacts/file-" + this.sequence.incrementAndGet() + ".txt";
		HttpResponse<String> put = send(this.callers.get("editor"), "PUT",
				"/api/2.0/mlflow-artifacts/artifacts/" + path, "content");
		assertThat(put.statusCode()).as(put.body()).isBetween(200, 299);
		return path;
	}

	private String expiredTokenOf(String username) {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String secret = "slw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		long userId = this.jdbc.sql("SELECT id FROM users WHERE username = ?")
			.param(username)
			.query(Long.class)
			.single();
		this.jdbc
			.sql("INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, created_at, created_by, expires_at) "
					+ "VALUES (?, 'expired', ?, ?, 0, ?, 1)")
			.params(userId, sha256(secret), secret.substring(0, 10), userId)
			.update();
		return secret;
	}

	private HttpResponse<String> send(Caller caller, String method, String path, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
		if (caller.authorization() != null) {
			request.header("Authorization", caller.authorization());
		}
		boolean artifact = path.startsWith("/api/2.0/mlflow-artifacts/artifacts/") && method.equals("PUT");
		request.header("Content-Type", artifact ? "text/plain" : "application/json").header("Accept", "*/*");
		request.method(method,
				(body == null) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		return exchange(newClientOr(null), request.build());
	}

	/** A page request in the caller's browser session (forms carry the CSRF token). */
	private HttpResponse<String> page(Caller caller, String method, String path, String body) {
		HttpClient browser = caller.browser();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
		if (caller.authorization() != null) {
			request.header("Authorization", caller.authorization());
		}
		// What a browser sends, so JSON routes under the pages answer too.
		request.header("Accept", "text/html,application/json;q=0.9,*/*;q=0.8");
		if (method.equals("GET")) {
			return exchange(browser, request.GET().build());
		}
		String form = (body == null || body.isBlank()) ? "" : body + "&";
		form += "_csrf=" + encode(csrfToken(browser));
		request.header("Content-Type", "application/x-www-form-urlencoded")
			.method(method, HttpRequest.BodyPublishers.ofString(form));
		return exchange(browser, request.build());
	}

	private HttpClient signedInBrowser(String username, String password) {
		HttpClient browser = newBrowser();
		String csrf = csrfToken(browser);
		HttpResponse<String> login = exchange(browser, HttpRequest.newBuilder(uri("/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf)))
			.build());
		assertThat(login.statusCode()).as("sign-in of " + username).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElse("")).as("sign-in of " + username)
			.doesNotContain("error");
		return browser;
	}

	/**
	 * The CSRF token of the browser's session, read from a form: the sign-in page's, or,
	 * once signed in (when /login sends you home), the account page's.
	 */
	private String csrfToken(HttpClient browser) {
		HttpResponse<String> login = exchange(browser, HttpRequest.newBuilder(uri("/login")).GET().build());
		if (login.statusCode() == 302) {
			login = exchange(browser, HttpRequest.newBuilder(uri("/account")).GET().build());
		}
		Matcher token = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(login.body());
		if (!token.find()) {
			token = Pattern.compile("value=\"([^\"]+)\"\\s+name=\"_csrf\"").matcher(login.body());
			assertThat(token.find()).as("the sign-in page carries a CSRF token").isTrue();
		}
		return token.group(1);
	}

	private static HttpClient newBrowser() {
		return HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	private static final HttpClient API_CLIENT = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static HttpClient newClientOr(HttpClient client) {
		return (client != null) ? client : API_CLIENT;
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static HttpResponse<String> exchange(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode())
			.as(response.request().method() + " " + response.request().uri() + ": " + response.body())
			.isBetween(200, 299);
		return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
	}

	private static String basic(String username, String password) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String abbreviate(String text) {
		return (text == null || text.length() <= 300) ? text : text.substring(0, 300) + "...";
	}

	static String readMatrix() {
		try (InputStream in = AuthorizationMatrixTest.class.getResourceAsStream("/security/authorization-matrix.txt")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<Row> rows(String text) {
		List<Row> rows = new ArrayList<>();
		String[] lines = text.split("\n");
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			// A pattern with alternatives writes its bars as "\\|".
			String[] cells = line.split("(?<!\\\\)\\|", -1);
			for (int c = 0; c < cells.length; c++) {
				cells[c] = cells[c].replace("\\|", "|");
			}
			if (cells.length != 9) {
				throw new IllegalStateException(
						"authorization-matrix.txt line " + (i + 1) + " has " + cells.length + " cells, not 9: " + line);
			}
			String body = cells[3].strip();
			rows.add(new Row(i + 1, cells[0].strip(), cells[1].strip(), cells[2].strip(), body.isEmpty() ? null : body,
					List.of(cells[4].strip(), cells[5].strip(), cells[6].strip(), cells[7].strip(), cells[8].strip())));
		}
		return rows;
	}

}
