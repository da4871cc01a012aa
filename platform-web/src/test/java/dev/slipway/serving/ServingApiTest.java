package dev.slipway.serving;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Serving through real HTTP: a scikit-learn model converted with skl2onnx is registered,
 * deployed and answers MLflow's {@code /invocations} (every input form) and the Open
 * Inference Protocol with {@code X-Model-Version}; bad input gets a 400 naming the column
 * in each protocol's shape.
 */
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ServingApiTest {

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "serving-api");
		TestAdmin.register(registry);
		registry.add("slipway.serving.stats-interval", () -> "200ms");
		registry.add("slipway.serving.rollout-interval", () -> "200ms");
	}

	@LocalServerPort
	int port;

	HttpProbe api;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void signIn() {
		this.api = TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port));
	}

	@Test
	void aDeployedOnnxModelAnswersBothProtocolsAsScikitLearnDid() {
		String model = ServingDemo.model(this.api, "iris");
		int version = ServingDemo.register(this.api, model, "lr_plain");
		ServingDemo.deploy(this.api, model, model, version, null);

		HttpResponse<String> split = this.api.postJson("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT);
		assertThat(split.headers().firstValue("X-Model-Version")).hasValue("1");
		assertThat(ServingDemo.labels(split)).containsExactly(0L, 1L, 2L, 0L);

		HttpResponse<String> records = this.api.postJson("/serve/" + model + "/invocations", """
				{"dataframe_records": [{"sepal_length": 7.0, "sepal_width": 3.2, "petal_length": 4.7,
				                        "petal_width": 1.4}]}""");
		assertThat(ServingDemo.labels(records)).containsExactly(1L);

		HttpResponse<String> csv = this.api.post("/serve/" + model + "/invocations",
				"sepal_length,sepal_width,petal_length,petal_width\n6.3,3.3,6.0,2.5\n".getBytes(), "text/csv");
		assertThat(ServingDemo.labels(csv)).containsExactly(2L);

		HttpResponse<String> infer = this.api.postJson("/v2/models/" + model + "/infer", """
				{"id": "42", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64",
				 "data": [5.1, 3.5, 1.4, 0.2]}]}""");
		JsonNode answer = ServingDemo.json(infer);
		assertThat(answer.get("id").asString()).isEqualTo("42");
		assertThat(answer.get("model_version").asString()).isEqualTo("1");
		assertThat(answer.get("outputs").get(0).get("data").get(0).asLong()).isZero();

		JsonNode metadata = ServingDemo.json(this.api.getJson("/v2/models/" + model));
		assertThat(metadata.get("inputs").valueStream().map((i) -> i.get("name").asString()).toList())
			.containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
		assertThat(ServingDemo.json(this.api.getJson("/v2/models/" + model + "/ready")).get("ready").asBoolean())
			.isTrue();
	}

	@Test
	void badInputIsA400NamingTheColumnInEachProtocolsShape() {
		String model = ServingDemo.model(this.api, "iris");
		ServingDemo.deploy(this.api, model, model, ServingDemo.register(this.api, model, "lr_plain"), null);

		HttpResponse<String> missing = this.api.postJson("/serve/" + model + "/invocations",
				"{\"dataframe_split\": {\"columns\": [\"sepal_length\"], \"data\": [[1.0]]}}");
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(missing.body()).contains("\"error_code\":\"BAD_REQUEST\"").contains("sepal_width");

		HttpResponse<String> both = this.api.postJson("/serve/" + model + "/invocations",
				"{\"instances\": [[1]], \"inputs\": [[1]]}");
		assertThat(both.statusCode()).isEqualTo(400);
		assertThat(both.body()).contains("exactly one of the input fields");

		HttpResponse<String> text = this.api.post("/serve/" + model + "/invocations", "hello".getBytes(), "text/plain");
		assertThat(text.statusCode()).isEqualTo(415);

		HttpResponse<String> v2 = this.api.postJson("/v2/models/" + model + "/infer",
				"{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 4], \"datatype\": \"FP64\", \"data\": [1.0]}]}");
		assertThat(v2.statusCode()).isEqualTo(400);
		assertThat(ServingDemo.JSON.readTree(v2.body()).get("error").asString()).isNotBlank();

		assertThat(this.api.postJson("/serve/nope/invocations", ServingDemo.IRIS_SPLIT).statusCode()).isEqualTo(404);
		assertThat(
				this.api.anonymous().postJson("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT).statusCode())
			.isEqualTo(401);
		assertThat(this.api.anonymous().getJson("/v2/health/live").statusCode()).isEqualTo(200);
	}

	/**
	 * A Bearer token takes the fast lane past Spring Security's chain and Spring MVC
	 * ({@code PredictionLane}); the same token as a Basic password takes the regular
	 * route. Both must answer alike: status, body and headers, for predictions and
	 * refusals of both protocols; and the lane's requests are timed under their route.
	 */
	@Test
	void theFastLaneAnswersEveryPredictionAsTheRegularRouteDoes() {
		String model = ServingDemo.model(this.api, "iris");
		ServingDemo.deploy(this.api, model, model, ServingDemo.register(this.api, model, "lr_plain"), null);
		JsonNode token = ServingDemo.json(this.api.postJson("/api/v1/tokens", "{\"name\": \"lane\"}"));
		String secret = token.get("secret").asString();
		HttpProbe lane = this.api.anonymous().bearer(secret);
		HttpProbe regular = this.api.anonymous().basic("anyone", secret);
		String v2 = """
				{"id": "7", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64",
				 "data": [5.1, 3.5, 1.4, 0.2]}]}""";
		List<String[]> calls = List.of(new String[] { "/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT },
				new String[] { "/v2/models/" + model + "/infer", v2 },
				new String[] { "/v2/models/" + model + "/versions/1/infer", v2 },
				new String[] { "/serve/" + model + "/invocations",
						"{\"dataframe_split\": {\"columns\": [\"sepal_length\"], \"data\": [[1.0]]}}" },
				new String[] { "/serve/" + model + "/invocations", "{\"instances\": [[1]], \"inputs\": [[1]]}" },
				new String[] { "/serve/" + model + "/invocations", "not json" },
				new String[] { "/v2/models/" + model + "/infer", "{\"inputs\": []}" },
				new String[] { "/serve/nope/invocations", ServingDemo.IRIS_SPLIT },
				new String[] { "/v2/models/nope/infer", v2 });
		for (String[] call : calls) {
			HttpResponse<String> fast = lane.postJson(call[0], call[1]);
			HttpResponse<String> slow = regular.postJson(call[0], call[1]);
			assertThat(fast.statusCode()).as(call[0] + " " + call[1]).isEqualTo(slow.statusCode());
			assertThat(fast.body()).as(call[0] + " " + call[1]).isEqualTo(slow.body());
			assertThat(comparable(fast)).as(call[0] + " " + call[1]).isEqualTo(comparable(slow));
		}
		assertThat(lane.postJson("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT).headers().map())
			.containsKeys("x-prediction-id", "x-model-version", "x-content-type-options", "cache-control");

		HttpResponse<String> csv = lane.post("/serve/" + model + "/invocations",
				"sepal_length,sepal_width,petal_length,petal_width\n6.3,3.3,6.0,2.5\n".getBytes(), "text/csv");
		assertThat(ServingDemo.labels(csv)).containsExactly(2L);
		// Both routes time their calls into one http_server_requests series.
		Timer timer = this.meters.get("http.server.requests")
			.tags("uri", "/serve/{name}/invocations", "status", "200")
			.timer();
		long before = timer.count();
		for (HttpProbe caller : List.of(lane, regular, lane, regular)) {
			ServingDemo.ok(caller.postJson("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT));
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(timer.count()).isEqualTo(before + 4));
		assertThat(this.api.get("/actuator/prometheus", "text/plain").body()).contains(
				"error=\"none\",exception=\"none\",method=\"POST\",outcome=\"SUCCESS\",status=\"200\",uri=\"/serve/{name}/invocations\"}",
				"uri=\"/v2/models/{name}/infer\"", "uri=\"/v2/models/{name}/versions/{version}/infer\"");

		// What the lane leaves to the regular route is answered there.
		assertThat(lane.header("Accept", "text/csv")
			.post("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT.getBytes(), "application/json")
			.statusCode()).isEqualTo(406);
		assertThat(this.api.anonymous()
			.bearer("slw_" + "0".repeat(40))
			.postJson("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT)
			.statusCode()).isEqualTo(401);
		assertThat(this.api.send("DELETE", "/api/v1/tokens/" + token.get("token").get("id").asLong()).statusCode())
			.isLessThan(300);
		assertThat(lane.postJson("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT).statusCode())
			.as("a revoked token")
			.isEqualTo(401);
	}

	/**
	 * The answer's headers but those that differ from call to call, and the framing (a
	 * length or chunks, as the body was written at once or streamed).
	 */
	private static Map<String, List<String>> comparable(HttpResponse<String> response) {
		Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
		headers.remove("date");
		headers.remove("x-prediction-id");
		headers.remove("content-length");
		headers.remove("transfer-encoding");
		return headers;
	}

	@Test
	void anInvokeOnlyTokenCallsItsDeploymentsPredictionRoutesAndNothingElse() {
		String model = ServingDemo.model(this.api, "iris");
		int version = ServingDemo.register(this.api, model, "lr_plain");
		ServingDemo.deploy(this.api, model, model, version, null);
		String other = model + "-other";
		ServingDemo.deploy(this.api, other, model, version, null);

		HttpResponse<String> created = this.api.postJson("/api/v1/deployments/" + model + "/tokens",
				"{\"name\": \"checkout-service\", \"expires_in_days\": 30}");
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode body = ServingDemo.json(created);
		String secret = body.get("secret").asString();
		long id = body.get("token").get("id").asLong();
		assertThat(body.get("token").get("owner").asString()).isEqualTo(TestAdmin.USERNAME);
		HttpProbe app = this.api.anonymous().bearer(secret);

		assertThat(ServingDemo
			.labels(ServingDemo.ok(app.postJson("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT))))
			.containsExactly(0L, 1L, 2L, 0L);
		assertThat(app.postJson("/v2/models/" + model + "/infer", """
				{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP64", "data": [5.1, 3.5, 1.4, 0.2]}]}""")
			.statusCode()).isEqualTo(200);
		assertThat(app.getJson("/v2/models/" + model).statusCode()).isEqualTo(200);
		// As MLFLOW_TRACKING_PASSWORD, as a deploy client sends it.
		assertThat(this.api.anonymous()
			.basic("anyone", secret)
			.postJson("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT)
			.statusCode()).isEqualTo(200);

		// Nothing else: not another deployment, not the API, even though its owner is an
		// admin.
		assertThat(app.postJson("/serve/" + other + "/invocations", ServingDemo.IRIS_SPLIT).statusCode())
			.isEqualTo(404);
		assertThat(app.getJson("/v2/models/" + other).statusCode()).isEqualTo(404);
		HttpResponse<String> api = app.getJson("/api/v1/deployments");
		assertThat(api.statusCode()).isEqualTo(403);
		assertThat(api.body()).contains("PERMISSION_DENIED").contains("invoke-only");
		assertThat(app.getJson("/api/2.0/mlflow/experiments/search?max_results=1").statusCode()).isEqualTo(403);
		assertThat(app.postJson("/api/v1/tokens", "{\"name\": \"escalate\"}").statusCode()).isEqualTo(403);
		assertThat(app.get("/deployments", "text/html").statusCode()).as("no web pages either").isNotEqualTo(200);

		JsonNode listed = ServingDemo.json(this.api.getJson("/api/v1/deployments/" + model + "/tokens"));
		assertThat(listed.get("tokens").size()).isEqualTo(1);
		assertThat(listed.get("tokens").get(0).get("name").asString()).isEqualTo("checkout-service");
		assertThat(listed.get("tokens").get(0).has("secret")).isFalse();
		assertThat(ServingDemo.json(this.api.getJson("/api/v1/deployments/" + other + "/tokens")).get("tokens").size())
			.isZero();
		assertThat(this.api.send("DELETE", "/api/v1/deployments/" + other + "/tokens/" + id).statusCode())
			.as("a token is revoked through its own deployment only")
			.isEqualTo(404);
		assertThat(this.api.getJson("/api/v1/deployments/" + model + "/history").body())
			.contains("deployment.token_created");

		HttpResponse<String> revoked = this.api.send("DELETE", "/api/v1/deployments/" + model + "/tokens/" + id);
		assertThat(ServingDemo.json(revoked).get("active").asBoolean()).isFalse();
		assertThat(app.postJson("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT).statusCode())
			.isEqualTo(401);

		// Deleting the deployment revokes its tokens.
		String second = ServingDemo
			.json(this.api.postJson("/api/v1/deployments/" + other + "/tokens", "{\"name\": \"batch\"}"))
			.get("secret")
			.asString();
		assertThat(this.api.anonymous()
			.bearer(second)
			.postJson("/serve/" + other + "/invocations", ServingDemo.IRIS_SPLIT)
			.statusCode()).isEqualTo(200);
		assertThat(this.api.send("DELETE", "/api/v1/deployments/" + other).statusCode()).isEqualTo(204);
		assertThat(this.api.anonymous()
			.bearer(second)
			.postJson("/serve/" + other + "/invocations", ServingDemo.IRIS_SPLIT)
			.statusCode()).isEqualTo(401);
	}

	@Test
	void aCanaryMovesRealTrafficAndPromotesWithItsGatesPassing() {
		String model = ServingDemo.model(this.api, "iris");
		ServingDemo.deploy(this.api, model, model, ServingDemo.register(this.api, model, "lr_plain"), null);
		int candidate = ServingDemo.register(this.api, model, "lr_zipmap");
		ServingDemo.ok(this.api.postJson("/api/v1/deployments/" + model + "/rollouts", """
				{"version": "%d", "strategy": "canary",
				 "steps": [{"weight": 10, "pause_seconds": 1}, {"weight": 50, "pause_seconds": 1},
				           {"weight": 100, "pause_seconds": 0}],
				 "gates": {"interval_seconds": 1, "min_requests": 5, "max_error_rate": 0.01, "max_p99_ms": 500}}"""
			.formatted(candidate)));

		List<String> versions = new java.util.ArrayList<>();
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
			for (int i = 0; i < 20; i++) {
				HttpResponse<String> answer = this.api.postJson("/serve/" + model + "/invocations",
						ServingDemo.IRIS_SPLIT);
				ServingDemo.ok(answer);
				versions.add(answer.headers().firstValue("X-Model-Version").orElseThrow());
			}
			return ServingDemo.json(this.api.getJson("/api/v1/deployments/" + model))
				.get("phase")
				.asString()
				.equals("stable");
		});
		JsonNode deployment = ServingDemo.json(this.api.getJson("/api/v1/deployments/" + model));
		assertThat(deployment.get("stable_version").asInt()).isEqualTo(candidate);
		assertThat(versions).contains("1", Integer.toString(candidate));
		JsonNode history = ServingDemo.json(this.api.getJson("/api/v1/deployments/" + model + "/history"));
		assertThat(history.get("changes").valueStream().map((c) -> c.get("action").asString()).toList())
			.contains("deployment.promoted", "deployment.step_advanced");
	}

	/**
	 * A model server someone else runs, in the test: {@code /ping} answers, and
	 * {@code /invocations} fails with 500 or hangs.
	 */
	static HttpServer endpoint(boolean hang) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(Executors.newCachedThreadPool());
		server.createContext("/ping", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.createContext("/invocations", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			if (hang) {
				try {
					new CountDownLatch(1).await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			byte[] body = "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"boom\"}".getBytes();
			exchange.sendResponseHeaders(500, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

	@Test
	void aCandidateThatFailsIsRolledBackByItselfWhileEveryRequestIsStillAnswered() throws IOException {
		HttpServer failing = endpoint(false);
		try {
			String model = ServingDemo.model(this.api, "iris");
			ServingDemo.deploy(this.api, model, model, ServingDemo.register(this.api, model, "lr_plain"), null);
			int candidate = ServingDemo.register(this.api, model, "lr_plain");
			ServingDemo.ok(this.api.postJson("/api/v1/deployments/" + model + "/rollouts", """
					{"version": "%d", "strategy": "canary", "steps": [{"weight": 50, "pause_seconds": 3600}],
					 "backend": {"runtime": "external", "url": "http://127.0.0.1:%d", "protocol": "mlflow"},
					 "gates": {"interval_seconds": 1, "min_requests": 5, "max_error_rate": 0.05}}"""
				.formatted(candidate, failing.getAddress().getPort())));

			List<Integer> statuses = new java.util.ArrayList<>();
			org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
				for (int i = 0; i < 10; i++) {
					statuses.add(
							this.api.postJson("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT).statusCode());
				}
				return ServingDemo.json(this.api.getJson("/api/v1/deployments/" + model))
					.get("phase")
					.asString()
					.equals("aborted");
			});
			assertThat(statuses).contains(500);
			JsonNode deployment = ServingDemo.json(this.api.getJson("/api/v1/deployments/" + model));
			assertThat(deployment.get("message").asString()).startsWith("rolled back automatically: error rate");
			assertThat(deployment.get("candidate_weight").asDouble()).isZero();
			for (int i = 0; i < 20; i++) {
				HttpResponse<String> answer = this.api.postJson("/serve/" + model + "/invocations",
						ServingDemo.IRIS_SPLIT);
				assertThat(answer.statusCode()).as("after the abort, all traffic is on the stable version")
					.isEqualTo(200);
				assertThat(answer.headers().firstValue("X-Model-Version")).hasValue("1");
			}
		}
		finally {
			failing.stop(0);
		}
	}

	@Test
	void aHungEndpointTimesOutWithA504WhileOtherDeploymentsKeepAnswering() throws IOException {
		HttpServer hung = endpoint(true);
		try {
			String model = ServingDemo.model(this.api, "iris");
			int version = ServingDemo.register(this.api, model, "lr_plain");
			ServingDemo.deploy(this.api, model + "-hung", model, version, """
					"backend": {"runtime": "external", "url": "http://127.0.0.1:%d", "timeout_ms": 500}"""
				.formatted(hung.getAddress().getPort()));
			ServingDemo.deploy(this.api, model, model, version, null);

			long started = System.nanoTime();
			HttpResponse<String> timedOut = this.api.postJson("/serve/" + model + "-hung/invocations",
					ServingDemo.IRIS_SPLIT);
			long millis = (System.nanoTime() - started) / 1_000_000;
			assertThat(timedOut.statusCode()).isEqualTo(504);
			assertThat(millis).as("answered at the endpoint's time limit, not the endpoint's 30 s").isLessThan(10_000);
			assertThat(
					ServingDemo.labels(this.api.postJson("/serve/" + model + "/invocations", ServingDemo.IRIS_SPLIT)))
				.containsExactly(0L, 1L, 2L, 0L);
		}
		finally {
			hung.stop(0);
		}
	}

}
