package dev.slipway.registry;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.slipway.web.EmbeddedServer;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server and the callers the registry API tests share (one Spring context for all of
 * them): the admin, two EDITORs, a MAINTAINER and a VIEWER, each with an API token, and
 * small builders for models, runs and versions made through the MLflow API.
 */
@EmbeddedServer
abstract class RegistryApiFixture {

	static final String MLFLOW = "/api/2.0/mlflow/";

	static final String EDITOR = "rg-editor";

	static final String EDITOR2 = "rg-editor2";

	static final String MAINTAINER = "rg-maintainer";

	static final String VIEWER = "rg-viewer";

	private static final String PASSWORD = "registry-password-1";

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Tokens by server port and user, so each server makes its users once. */
	private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

	private static final AtomicLong SEQUENCE = new AtomicLong();

	@LocalServerPort
	int port;

	HttpProbe anonymous;

	HttpProbe admin;

	HttpProbe editor;

	HttpProbe editor2;

	HttpProbe maintainer;

	HttpProbe viewer;

	@BeforeEach
	void callers() {
		this.anonymous = new HttpProbe("http://localhost:" + this.port);
		this.admin = TestAdmin.signedIn(this.anonymous);
		this.editor = caller(EDITOR, "EDITOR");
		this.editor2 = caller(EDITOR2, "EDITOR");
		this.maintainer = caller(MAINTAINER, "MAINTAINER");
		this.viewer = caller(VIEWER, "VIEWER");
	}

	private HttpProbe caller(String username, String role) {
		String token = TOKENS.computeIfAbsent(this.port + "/" + username, (key) -> {
			ok(this.admin.postJson("/api/v1/users", "{\"username\": \"" + username + "\", \"role\": \"" + role
					+ "\", \"password\": \"" + PASSWORD + "\"}"));
			return ok(
					this.anonymous.basic(username, PASSWORD).postJson("/api/v1/tokens", "{\"name\": \"registry-api\"}"))
				.get("secret")
				.asString();
		});
		return this.anonymous.bearer(token);
	}

	/** A name no other test uses. */
	static String unique(String prefix) {
		return prefix + "-" + System.nanoTime() + "-" + SEQUENCE.incrementAndGet();
	}

	/** A registered model created by {@code owner} (who then has MANAGE on it). */
	String newModel(HttpProbe owner, String prefix) {
		String name = unique(prefix);
		ok(owner.postJson(MLFLOW + "registered-models/create", "{\"name\": \"" + name + "\"}"));
		return name;
	}

	/** A run of {@code owner} in a fresh experiment of theirs. */
	String newRun(HttpProbe owner) {
		String experiment = ok(
				owner.postJson(MLFLOW + "experiments/create", "{\"name\": \"" + unique("registry-exp") + "\"}"))
			.get("experiment_id")
			.asString();
		return ok(owner.postJson(MLFLOW + "runs/create", "{\"experiment_id\": \"" + experiment + "\"}")).get("run")
			.get("info")
			.get("run_id")
			.asString();
	}

	/** A new version of the model from {@code runs:/<run>/model}; its number. */
	String newVersion(HttpProbe owner, String name, String runId) {
		return ok(owner.postJson(MLFLOW + "model-versions/create", "{\"name\": \"" + name + "\", \"source\": \"runs:/"
				+ runId + "/model\", \"run_id\": \"" + runId + "\"}"))
			.get("model_version")
			.get("version")
			.asString();
	}

	/** Moves a version to a stage through the MLflow API. */
	JsonNode transition(HttpProbe caller, String name, String version, String stage) {
		return ok(caller.postJson(MLFLOW + "model-versions/transition-stage",
				"{\"name\": \"" + name + "\", \"version\": \"" + version + "\", \"stage\": \"" + stage + "\"}"));
	}

	/** A URL query value. */
	static String q(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** The JSON body of a successful answer. */
	static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode())
			.as(response.request().method() + " " + response.request().uri() + ": " + response.body())
			.isBetween(200, 299);
		return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
	}

	/** An MLflow error: the status and MLflow's {@code error_code}. */
	static JsonNode mlflowError(HttpResponse<String> response, int status, String errorCode) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("error_code").asString()).as(response.body()).isEqualTo(errorCode);
		assertThat(body.get("message").asString()).isNotBlank();
		return body;
	}

	/** A native error: Problem Details with the status and catalogue code. */
	static JsonNode problem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).as(response.body())
			.startsWith("application/problem+json");
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.get("code").asString()).as(response.body()).isEqualTo(code);
		assertThat(body.get("status").asInt()).isEqualTo(status);
		return body;
	}

}
