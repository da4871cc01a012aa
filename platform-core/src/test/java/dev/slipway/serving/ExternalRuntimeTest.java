package dev.slipway.serving;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExternalRuntimeTest {

	private static final ModelInput ROWS = ModelInput.of(new Frame(List.of("x"), List.of(List.of(1.0), List.of(2.0))));

	private final Map<String, String> received = new ConcurrentHashMap<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private HttpServer server;

	private ExecutorService serverThreads;

	private ExternalRuntime runtime;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.serverThreads = Executors.newCachedThreadPool();
		this.server.setExecutor(this.serverThreads);
		this.server.createContext("/ping", (exchange) -> answer(exchange, 200, "\n"));
		this.server.createContext("/v2/health/ready", (exchange) -> answer(exchange, 200, "{\"ready\": true}"));
		this.server.start();
		this.runtime = new ExternalRuntime(Duration.ofSeconds(2), Duration.ofSeconds(10), 1024);
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.runtime.close();
		this.server.stop(0);
		this.serverThreads.shutdownNow();
	}

	@Test
	void predictsThroughAnMlflowEndpointWithItsHeaders() {
		this.server.createContext("/invocations", (exchange) -> {
			this.received.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			this.received.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
			this.received.put("contentType", exchange.getRequestHeaders().getFirst("Content-Type"));
			answer(exchange, 200, "{\"predictions\": [2.0, 3.0]}");
		});

		try (LoadedModel model = this.runtime.connect(endpoint("mlflow", Map.of("Authorization", "Bearer s3cret")))) {
			Predictions predictions = model.predict(ROWS);

			assertThat(predictions.rowValues()).containsExactly(2.0, 3.0);
			assertThat(predictions.json()).isEqualTo("[2.0,3.0]");
			assertThat(model.healthy()).isTrue();
		}
		assertThat(this.received)
			.containsEntry("body", "{\"dataframe_split\":{\"columns\":[\"x\"],\"data\":[[1.0],[2.0]]}}")
			.containsEntry("authorization", "Bearer s3cret")
			.containsEntry("contentType", "application/json");
	}

	@Test
	void predictsThroughAnOpenInferenceProtocolEndpoint() {
		this.server.createContext("/v2/models/iris/infer", (exchange) -> {
			this.received.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			answer(exchange, 200, "{\"model_name\":\"iris\",\"outputs\":[{\"name\":\"output\",\"shape\":[2,2],"
					+ "\"datatype\":\"FP32\",\"data\":[0.1,0.9,0.8,0.2]}]}");
		});
		Tensor input = new Tensor("input", "FP32", List.of(2L, 1L), List.of(1.0, 2.0));

		try (LoadedModel model = this.runtime
			.connect(new ExternalEndpoint(url(), "v2", "iris", Map.of(), Duration.ofSeconds(5)))) {
			Predictions predictions = model.predict(ModelInput.of(List.of(input)));

			assertThat(predictions.outputs()).singleElement().satisfies((output) -> {
				assertThat(output.name()).isEqualTo("output");
				assertThat(output.shape()).containsExactly(2L, 2L);
			});
			assertThat(predictions.rowValues()).containsExactly(List.of(0.1, 0.9), List.of(0.8, 0.2));
		}
		assertThat(this.received.get("body"))
			.isEqualTo("{\"inputs\":[{\"name\":\"input\",\"shape\":[2,1],\"datatype\":\"FP32\",\"data\":[1.0,2.0]}]}");
	}

	@Test
	void aFrameTravelsTheOpenInferenceProtocolAsColumns() {
		Frame frame = new Frame(List.of("n", "s"), List.of(List.of(1L, "a"), List.of(2L, "b")));

		assertThat(ExternalRuntime.encodeV2(ModelInput.of(frame)))
			.isEqualTo("{\"inputs\":[{\"name\":\"n\",\"shape\":[2],\"datatype\":\"INT64\",\"data\":[1,2]},"
					+ "{\"name\":\"s\",\"shape\":[2],\"datatype\":\"BYTES\",\"data\":[\"a\",\"b\"]}],"
					+ "\"parameters\":{\"content_type\":\"pd\"}}");
	}

	@Test
	void anUpstreamClientErrorIsTheCallersWithTheUpstreamMessage() {
		this.server.createContext("/invocations", (exchange) -> answer(exchange, 400,
				"{\"error_code\": \"BAD_REQUEST\", \"message\": \"Model is missing inputs ['y']\"}"));

		assertFailure(ErrorCode.INVALID_ARGUMENT, "answered 400: Model is missing inputs ['y']");
	}

	@Test
	void anUpstreamMessageIsCut() {
		this.server.createContext("/invocations", (exchange) -> answer(exchange, 422, "x".repeat(700)));

		assertThatThrownBy(() -> connect().predict(ROWS)).isInstanceOfSatisfying(SlipwayException.class, (ex) -> {
			assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
			assertThat(ex.getMessage()).endsWith("x".repeat(ModelHttp.MAX_MESSAGE_CHARS) + "...");
		});
	}

	@Test
	void anUpstreamServerErrorIsAFailedPrediction() {
		this.server.createContext("/invocations", (exchange) -> answer(exchange, 500, "{\"error\": \"boom\"}"));

		assertFailure(ErrorCode.PREDICTION_FAILED, "answered 500: boom");
	}

	@Test
	void anUpstreamTimeoutOrUnavailabilityKeepsItsMeaning() {
		this.server.createContext("/invocations", (exchange) -> answer(exchange, 504, "timed out"));
		assertFailure(ErrorCode.PREDICTION_TIMEOUT, "answered 504");

		this.server.removeContext("/invocations");
		this.server.createContext("/invocations", (exchange) -> answer(exchange, 503, "busy"));
		assertFailure(ErrorCode.SERVICE_UNAVAILABLE, "answered 503");
	}

	@Test
	void aServerThatNeverAnswersTimesOutWithinTheLimit() {
		this.server.createContext("/invocations", (exchange) -> {
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			answer(exchange, 200, "{\"predictions\": []}");
		});
		LoadedModel model = this.runtime
			.connect(new ExternalEndpoint(url(), "mlflow", null, Map.of(), Duration.ofMillis(500)));

		long start = System.nanoTime();
		assertThatThrownBy(() -> model.predict(ROWS))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.PREDICTION_TIMEOUT))
			.hasMessageContaining("did not answer within 500 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void aServerThatStallsInTheBodyTimesOutToo() {
		this.server.createContext("/invocations", (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			exchange.getResponseBody().write("{\"predictions\": [".getBytes(StandardCharsets.UTF_8));
			exchange.getResponseBody().flush();
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		LoadedModel model = this.runtime
			.connect(new ExternalEndpoint(url(), "mlflow", null, Map.of(), Duration.ofMillis(500)));

		long start = System.nanoTime();
		assertThatThrownBy(() -> model.predict(ROWS)).isInstanceOfSatisfying(SlipwayException.class,
				(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.PREDICTION_TIMEOUT));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void aClosedPortIsUnavailableAtOnce() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}

		long start = System.nanoTime();
		assertThatThrownBy(() -> this.runtime
			.connect(new ExternalEndpoint("http://127.0.0.1:" + port, "mlflow", null, Map.of(), null)))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
			.hasMessageContaining("127.0.0.1:" + port);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void anEndpointThatGoesAwayIsUnavailableAndUnhealthy() {
		this.server.createContext("/invocations", (exchange) -> answer(exchange, 200, "{\"predictions\": [1]}"));
		LoadedModel model = connect();
		assertThat(model.predict(ROWS).rowValues()).containsExactly(1L);

		this.server.stop(0);

		assertThatThrownBy(() -> model.predict(ROWS)).isInstanceOfSatisfying(SlipwayException.class,
				(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
		assertThat(model.healthy()).isFalse();
	}

	@Test
	void anEndpointThatIsNotReadyIsNotConnected() {
		this.server.removeContext("/ping");
		this.server.createContext("/ping", (exchange) -> answer(exchange, 503, "loading"));
		this.server.createContext("/health", (exchange) -> answer(exchange, 503, "loading"));

		assertThatThrownBy(this::connect)
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
			.hasMessageContaining("is not ready");
	}

	@Test
	void anAnswerOverTheLimitIsAFailedPrediction() {
		this.server.createContext("/invocations",
				(exchange) -> answer(exchange, 200, "{\"predictions\": [" + "1,".repeat(1000) + "1]}"));

		assertFailure(ErrorCode.PREDICTION_FAILED, "answer too large");
	}

	@Test
	void onlyHttpUrlsWithoutCredentialsAreAccepted() {
		for (String url : List.of("ftp://example.com/model", "file:///etc/passwd", "jdbc:postgresql://db/x",
				"http://user:pw@example.com", "not a url", "http:///nohost")) {
			assertThatThrownBy(() -> this.runtime.connect(new ExternalEndpoint(url, "mlflow", null, Map.of(), null)))
				.as(url)
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
				.hasMessageStartingWith("url:");
		}
	}

	@Test
	void anUnknownProtocolOrAV2EndpointWithoutModelIsRefused() {
		assertThatThrownBy(() -> this.runtime.connect(new ExternalEndpoint(url(), "grpc", null, Map.of(), null)))
			.hasMessageStartingWith("protocol:");
		assertThatThrownBy(() -> this.runtime.connect(new ExternalEndpoint(url(), "v2", " ", Map.of(), null)))
			.hasMessageStartingWith("modelName:");
	}

	@Test
	void aModelPackageIsNeverLoadedByThisRuntime() {
		ModelPackage pkg = new ModelPackage("m", 1, null, Map.of(), ModelSignature.NONE);

		assertThat(this.runtime.kind()).isEqualTo("external");
		assertThat(this.runtime.supports(pkg)).isFalse();
		assertThatThrownBy(() -> this.runtime.load(pkg)).isInstanceOfSatisfying(SlipwayException.class,
				(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
	}

	@Test
	void headerValuesStayOutOfTheEndpointsText() {
		ExternalEndpoint endpoint = endpoint("mlflow", Map.of("Authorization", "Bearer s3cret"));

		assertThat(endpoint.toString()).contains("Authorization").doesNotContain("s3cret");
	}

	private void assertFailure(ErrorCode code, String message) {
		LoadedModel model = connect();
		assertThatThrownBy(() -> model.predict(ROWS))
			.isInstanceOfSatisfying(SlipwayException.class, (ex) -> assertThat(ex.code()).isEqualTo(code))
			.hasMessageContaining(message);
	}

	private LoadedModel connect() {
		return this.runtime.connect(endpoint("mlflow", Map.of()));
	}

	private ExternalEndpoint endpoint(String protocol, Map<String, String> headers) {
		return new ExternalEndpoint(url(), protocol, null, headers, Duration.ofSeconds(5));
	}

	private String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
