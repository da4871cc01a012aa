package dev.slipway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.web.SlipwayProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Model serving measured in one run on one machine (issue 15): the tiny scikit-learn iris
 * model converted with skl2onnx
 * ({@code platform-core/src/test/resources/serving/lr_plain}) answering one-row
 * {@code dataframe_split} requests at concurrency 1, 8 and 64
 * ({@code -Dbench.serving.concurrency}) from load threads each holding one HTTP/1.1
 * keep-alive connection ({@link RawHttp}; {@code -Dbench.serving.client=jdk} for the
 * JDK's HttpClient instead), as
 * <ol>
 * <li>a deployment of the packaged jar on PostgreSQL, {@code POST
 * /serve/{name}/invocations} with an editor's API token;</li>
 * <li>ONNX Runtime called in-process by the harness on the same file, with the session
 * options Slipway uses (one intra-op and one inter-op thread), threads calling
 * {@code session.run} on one shared session: the floor the overhead is measured
 * from;</li>
 * <li>{@code mlflow models serve -m lr_tensor --env-manager local} (the same
 * {@code model.onnx} with a tensor signature, sent {@code {"inputs": [[...]]}}, because
 * MLflow's onnx flavor fails on lr_plain's DataFrame) with the Python of
 * {@code SLIPWAY_E2E_PYTHON} ({@code --workers} = the cores unless
 * {@code -Dbench.serving.mlflow.workers});</li>
 * </ol>
 * the three taken in turn at each concurrency, each after a warm-up. Then prediction
 * logging: a second deployment of the same version whose predictions go to a monitor,
 * against the first, at concurrency 8 in alternating slices (the median slice of each
 * side compared), and the monitor is checked for the rows logged. Last, the floor of an
 * authenticated request: an anonymous {@code /v2/health/live} against a token's
 * {@code /serve/{name}/ping}.
 * <p>
 * A measurement, not a test: nothing fails for being slow, but every answer must be a 200
 * and the first of each server must predict the right class. Run by
 * {@code ./mvnw -B -pl platform-web -am -Pbenchmark -DskipTests verify
 * -Dit.test=ServingBenchmark}; the figures land in {@code target/benchmarks/serving.md}.
 */
@Requires(Requirement.POSTGRESQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServingBenchmark {

	/** Seconds measured per server and concurrency. */
	private static final long SECONDS = Long.getLong("bench.serving.seconds", 15);

	/** Seconds of load before each measurement, not counted. */
	private static final long WARMUP_SECONDS = Long.getLong("bench.serving.warmup.seconds", 5);

	private static final List<Integer> CONCURRENCY = Stream
		.of(System.getProperty("bench.serving.concurrency", "1,8,64").split(","))
		.map(String::strip)
		.map(Integer::valueOf)
		.toList();

	/** Concurrency of the prediction-logging comparison. */
	private static final int LOGGING_CONCURRENCY = Integer.getInteger("bench.serving.logging.concurrency", 8);

	/** Slices per side of the prediction-logging comparison, alternating. */
	private static final int LOGGING_SLICES = Integer.getInteger("bench.serving.logging.slices", 6);

	/**
	 * The load generator: {@code raw} (default), a lean keep-alive client per thread
	 * ({@link RawHttp}), or {@code jdk}, the JDK's HttpClient shared by the threads (the
	 * client of the first measurements, several times the CPU per request).
	 */
	private static final boolean JDK_CLIENT = "jdk".equals(System.getProperty("bench.serving.client", "raw"));

	private static final String MLFLOW_WORKERS = System.getProperty("bench.serving.mlflow.workers",
			String.valueOf(Runtime.getRuntime().availableProcessors()));

	/** The phases to run: any of throughput, logging, floor. */
	private static final List<String> PHASES = List
		.of(System.getProperty("bench.serving.phases", "throughput,logging,floor").split(","));

	/** The targets to run against: any of slipway, onnx, mlflow. */
	private static final List<String> TARGETS = List
		.of(System.getProperty("bench.serving.targets", "slipway,onnx,mlflow").split(","));

	private static final String SERVER_HEAP = BenchServer.heap("1g");

	/**
	 * Settings of the server, {@code -Dbench.serving.server.settings=NAME=value,...}
	 * (Slipway's environment variables); none by default, so the defaults are measured.
	 */
	private static final Map<String, String> SERVER_SETTINGS = Stream
		.of(System.getProperty("bench.serving.server.settings", "").split(","))
		.map(String::strip)
		.filter((pair) -> pair.contains("="))
		.collect(Collectors.toUnmodifiableMap((pair) -> pair.substring(0, pair.indexOf('=')),
				(pair) -> pair.substring(pair.indexOf('=') + 1)));

	private static final Path MODEL = Path.of("..", "platform-core", "src", "test", "resources", "serving", "lr_plain")
		.toAbsolutePath()
		.normalize();

	/**
	 * The same model.onnx with a tensor signature: MLflow 3.17's onnx flavor cannot
	 * answer a DataFrame for lr_plain (it flattens every output into one column, and the
	 * [n, 3] probabilities do not line up with the [n] labels: "All arrays must be of the
	 * same length"), so MLflow is sent the tensor form, its cheaper path with no
	 * DataFrame.
	 */
	private static final Path MLFLOW_MODEL = MODEL.resolveSibling("lr_tensor");

	private static final byte[] MLFLOW_BODY = "{\"inputs\": [[5.1, 3.5, 1.4, 0.2]]}".getBytes(StandardCharsets.UTF_8);

	/**
	 * Seconds of load on each server at concurrency 8 before the first measurement, so a
	 * JVM started a minute ago has compiled its request path.
	 */
	private static final long SERVER_WARMUP_SECONDS = Long.getLong("bench.serving.server.warmup.seconds", 30);

	private static final long QUIET_SECONDS = Long.getLong("bench.serving.quiet.seconds", 30);

	private static final float[] ROW = { 5.1f, 3.5f, 1.4f, 0.2f };

	/** The class lr_plain predicts for {@link #ROW} (expected.json). */
	private static final long LABEL = 0;

	private static final byte[] BODY = ("{\"dataframe_split\": {\"columns\": [\"sepal_length\", \"sepal_width\", "
			+ "\"petal_length\", \"petal_width\"], \"data\": [[5.1, 3.5, 1.4, 0.2]]}}")
		.getBytes(StandardCharsets.UTF_8);

	private final BenchReport report = new BenchReport("Serving benchmark", "server");

	private final Path outputDir = Path.of("target", "benchmarks").toAbsolutePath();

	/** The figures by target and concurrency, for the ratios. */
	private final Map<String, Run> runs = new LinkedHashMap<>();

	private SlipwayProcess server;

	private BenchHttp editor;

	private String token;

	private CpuMeter slipwayCpu;

	private PeerProcess mlflow;

	private CpuMeter mlflowCpu;

	private String model;

	private int version;

	@BeforeAll
	void start() {
		this.report.machine("Date", LocalDateTime.now().withNano(0).toString());
		this.report.machine("Cores (nproc)", String.valueOf(Runtime.getRuntime().availableProcessors()));
		this.report.machine("CPU", TrackingBenchmark.firstValue(Path.of("/proc/cpuinfo"), "model name"));
		this.report.machine("Memory", TrackingBenchmark.firstValue(Path.of("/proc/meminfo"), "MemTotal"));
		this.report.machine("Java", System.getProperty("java.vm.name") + " "
				+ System.getProperty("java.runtime.version") + " (server -Xmx" + SERVER_HEAP + ")");
		this.report.machine("Code", TrackingBenchmark.codeVersion());
		this.report.machine("Load average before the run", TrackingBenchmark.firstLine(Path.of("/proc/loadavg")));
		this.report.machine("Settings",
				"concurrency " + CONCURRENCY + ", " + WARMUP_SECONDS + " s warm-up + " + SECONDS
						+ " s per server and concurrency, one-row dataframe_split of lr_plain (" + BODY.length
						+ " bytes), " + (JDK_CLIENT ? "JDK HttpClient" : "lean keep-alive client (RawHttp)")
						+ ", server settings " + (SERVER_SETTINGS.isEmpty() ? "default" : SERVER_SETTINGS.toString()));
		Path workDir = this.outputDir.resolve("work-serving");
		this.server = BenchServer.start(workDir, PostgresTestDatabase.jdbcUrl(), SERVER_HEAP, SERVER_SETTINGS);
		BenchServer.Editor editor = BenchServer.editor(BenchServer.admin(this.server), "bench-serving", "serving");
		this.editor = editor.http();
		this.token = this.editor.post("/api/v1/tokens", "{\"name\": \"serving-load\"}").get("secret").asString();
		this.slipwayCpu = new CpuMeter(this.server.pid());
		this.model = "bench-serving-" + System.currentTimeMillis();
		this.editor.post("/api/2.0/mlflow/registered-models/create", "{\"name\": \"" + this.model + "\"}");
		this.version = register(this.model);
		deploy(this.model, null);
		if (TARGETS.contains("mlflow") && PHASES.contains("throughput")) {
			this.mlflow = startMlflow(workDir);
			this.mlflowCpu = CpuMeter.ofTree(this.mlflow.pid());
		}
	}

	@AfterAll
	void finish() {
		if (this.mlflow != null) {
			this.mlflow.close();
		}
		if (this.server != null) {
			this.server.close();
		}
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
		this.report.write(this.outputDir.resolve("serving.md"));
		this.report.write(this.outputDir.resolve("serving-" + stamp + ".md"));
		System.out.println(this.report.markdown());
	}

	@Test
	@Order(1)
	void throughputAndLatencyAgainstOnnxRuntimeAndMlflow() throws Exception {
		assumeTrue(PHASES.contains("throughput"), "bench.serving.phases");
		HttpClient client = client();
		String slipwayUrl = this.server.baseUrl() + "/serve/" + this.model + "/invocations";
		expectLabel(post(client, slipwayUrl, this.token));
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			// Slipway's options (OnnxModelRuntime): small models gain nothing from more.
			options.setIntraOpNumThreads(1);
			options.setInterOpNumThreads(1);
			try (OrtSession session = env.createSession(MODEL.resolve("model.onnx").toString(), options)) {
				String input = session.getInputNames().iterator().next();
				assertThat(runOnnx(env, session, input)).isEqualTo(LABEL);
				String mlflowUrl = (this.mlflow != null) ? this.mlflow.baseUrl() + "/invocations" : null;
				if (mlflowUrl != null) {
					expectLabel(post(client, mlflowUrl, null));
				}
				if (TARGETS.contains("slipway")) {
					drive(8, 0, SERVER_WARMUP_SECONDS, this.slipwayCpu, posts(client, slipwayUrl, this.token));
				}
				if (mlflowUrl != null) {
					drive(8, 0, SERVER_WARMUP_SECONDS, this.mlflowCpu, posts(client, mlflowUrl, null));
				}
				for (int concurrency : CONCURRENCY) {
					if (TARGETS.contains("slipway")) {
						measure("Slipway", concurrency, this.slipwayCpu, posts(client, slipwayUrl, this.token));
					}
					if (TARGETS.contains("onnx")) {
						measure("ONNX Runtime in-process", concurrency, this.slipwayCpu,
								() -> () -> runOnnx(env, session, input));
					}
					if (mlflowUrl != null) {
						measure("mlflow models serve", concurrency, this.mlflowCpu, posts(client, mlflowUrl, null));
					}
				}
			}
		}
		for (int concurrency : CONCURRENCY) {
			Run slipway = this.runs.get(key("Slipway", concurrency));
			Run onnx = this.runs.get(key("ONNX Runtime in-process", concurrency));
			Run mlflow = this.runs.get(key("mlflow models serve", concurrency));
			if (slipway != null && mlflow != null) {
				double ratio = slipway.perSecond() / mlflow.perSecond();
				this.report.result("Slipway ÷ MLflow requests/s, concurrency " + concurrency,
						String.format(Locale.ROOT, "%.1f× (%s ÷ %s)", ratio, BenchReport.whole(slipway.perSecond()),
								BenchReport.whole(mlflow.perSecond())),
						"≥ 10×", ratio >= 10);
			}
			if (slipway != null && onnx != null) {
				double p99 = slipway.latencies().millis(99) - onnx.latencies().millis(99);
				double p50 = slipway.latencies().millis(50) - onnx.latencies().millis(50);
				this.report.result("Slipway p99 − ONNX Runtime p99, concurrency " + concurrency,
						String.format(Locale.ROOT, "%.3f ms (p50: %.3f ms)", p99, p50),
						(concurrency == 1) ? "< 1 ms" : "", (concurrency == 1) ? p99 < 1 : null);
			}
		}
	}

	@Test
	@Order(2)
	void predictionLoggingCostsLittleThroughput() throws Exception {
		assumeTrue(PHASES.contains("logging"), "bench.serving.phases");
		long monitor = this.editor.post("/api/v1/models/" + this.model + "/monitors", """
				{"name": "bench-serving", "schema": {"columns": [
				  {"name": "sepal_length", "kind": "numerical"}, {"name": "sepal_width", "kind": "numerical"},
				  {"name": "petal_length", "kind": "numerical"}, {"name": "petal_width", "kind": "numerical"},
				  {"name": "prediction", "kind": "categorical"}],
				 "prediction": "prediction", "prediction_id": "prediction_id", "timestamp": "timestamp"}}""")
			.get("id")
			.asLong();
		String logged = this.model + "-logged";
		deploy(logged, "\"options\": {\"monitor_id\": " + monitor + "}");
		HttpClient client = client();
		String plainUrl = this.server.baseUrl() + "/serve/" + this.model + "/invocations";
		String loggedUrl = this.server.baseUrl() + "/serve/" + logged + "/invocations";
		expectLabel(post(client, loggedUrl, this.token));
		long[] sent = { 1 };
		long slice = Math.max(1, SECONDS / 2);
		List<Run> off = new ArrayList<>();
		List<Run> on = new ArrayList<>();
		long sliceWarmup = Math.min(WARMUP_SECONDS, 3);
		for (int s = 0; s < LOGGING_SLICES; s++) {
			// Off, on, on, off, off, ...: a machine speeding up or slowing down over the
			// phase favours neither side.
			if (s % 2 == 0) {
				off.add(drive(LOGGING_CONCURRENCY, sliceWarmup, slice, this.slipwayCpu,
						posts(client, plainUrl, this.token)));
			}
			on.add(drive(LOGGING_CONCURRENCY, sliceWarmup, slice, this.slipwayCpu,
					posts(client, loggedUrl, this.token)));
			if (s % 2 == 1) {
				off.add(drive(LOGGING_CONCURRENCY, sliceWarmup, slice, this.slipwayCpu,
						posts(client, plainUrl, this.token)));
			}
			sent[0] += on.get(s).issued();
		}
		// Medians: a slice that some other work of the machine lands on (a scheduled
		// job, the monitor computing drift) moves a mean far more than a median.
		double offRate = median(off);
		double onRate = median(on);
		this.report.result(
				"Logging off, concurrency " + LOGGING_CONCURRENCY + " (" + LOGGING_SLICES + " × " + slice + " s)",
				BenchReport.whole(offRate) + " requests/s (median), " + summary(off), "", null);
		this.report.result("Logging on (predictions to a monitor), concurrency " + LOGGING_CONCURRENCY,
				BenchReport.whole(onRate) + " requests/s (median), " + summary(on), "", null);
		double cost = 1 - onRate / offRate;
		this.report.result("Throughput lost to prediction logging",
				String.format(Locale.ROOT, "%.1f %% (on ÷ off = %.3f)", 100 * cost, onRate / offRate), "< 10 %",
				cost < 0.10);
		this.report.cpu("logging off, last slice", off.get(off.size() - 1).cpu());
		this.report.cpu("logging on, last slice", on.get(on.size() - 1).cpu());
		// Every prediction of the logged deployment reaches the monitor, or is counted as
		// dropped: the logging is checked to have done its work.
		long expected = sent[0];
		String column = "/api/v1/monitors/" + monitor + "/columns/sepal_length";
		long[] stored = { 0 };
		try {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
				stored[0] = 0;
				for (JsonNode window : BenchHttp.parse(this.editor.get(column)).get("windows")) {
					stored[0] += window.get("count").asLong();
				}
				return stored[0] >= expected;
			});
		}
		catch (RuntimeException ex) {
			// Reported below: predictions may be dropped by design when the queue is
			// full.
		}
		this.report.result("Predictions stored by the monitor ÷ predictions answered",
				BenchReport.whole(stored[0]) + " ÷ " + BenchReport.whole(expected), "", null);
		assertThat(stored[0]).as("the monitor received the logged predictions").isPositive();
	}

	@Test
	@Order(3)
	void floorOfAnAuthenticatedRequest() throws Exception {
		assumeTrue(PHASES.contains("floor"), "bench.serving.phases");
		HttpClient client = client();
		String live = this.server.baseUrl() + "/v2/health/live";
		String ping = this.server.baseUrl() + "/serve/" + this.model + "/ping";
		for (int concurrency : List.of(1, 8)) {
			Run anonymous = drive(concurrency, WARMUP_SECONDS, Math.max(1, SECONDS / 2), this.slipwayCpu,
					gets(client, live, null));
			Run authenticated = drive(concurrency, WARMUP_SECONDS, Math.max(1, SECONDS / 2), this.slipwayCpu,
					gets(client, ping, this.token));
			this.report.result("Anonymous GET /v2/health/live, concurrency " + concurrency, anonymous.describe(), "",
					null);
			this.report.result("GET /serve/{name}/ping with an API token, concurrency " + concurrency,
					authenticated.describe(), "", null);
			this.report.cpu("anonymous health, concurrency " + concurrency, anonymous.cpu());
			this.report.cpu("token ping, concurrency " + concurrency, authenticated.cpu());
		}
	}

	private void measure(String target, int concurrency, CpuMeter meter, Supplier<Call> calls) throws Exception {
		Run run = drive(concurrency, WARMUP_SECONDS, SECONDS, meter, calls);
		this.runs.put(key(target, concurrency), run);
		this.report.result(target + ", concurrency " + concurrency, run.describe(), "", null);
		this.report.cpu(target + ", concurrency " + concurrency, run.cpu());
	}

	/**
	 * {@code concurrency} threads each calling in a loop for {@code warmup} and then
	 * {@code seconds}; a call counts when it completes inside the measured window.
	 */
	private static Run drive(int concurrency, long warmup, long seconds, CpuMeter meter, Supplier<Call> calls)
			throws Exception {
		CpuMeter.awaitQuiet(Duration.ofSeconds(QUIET_SECONDS), 0.15);
		CountDownLatch ready = new CountDownLatch(concurrency);
		long[] window = new long[2];
		CountDownLatch go = new CountDownLatch(1);
		CpuMeter.Sample[] samples = new CpuMeter.Sample[2];
		List<Callable<long[]>> threads = new ArrayList<>();
		for (int t = 0; t < concurrency; t++) {
			Call call = calls.get();
			boolean sampling = t == 0;
			threads.add(() -> {
				ready.countDown();
				go.await();
				long from = window[0];
				long to = window[1];
				long[] nanos = new long[1 << 14];
				int n = 0;
				long issued = 0;
				while (true) {
					long started = System.nanoTime();
					if (started >= to) {
						break;
					}
					if (sampling && samples[0] == null && started >= from) {
						// Reading /proc takes a while: this round is not timed.
						samples[0] = meter.sample();
						continue;
					}
					call.call();
					issued++;
					long ended = System.nanoTime();
					if (started >= from && ended < to) {
						if (n == nanos.length) {
							nanos = Arrays.copyOf(nanos, n * 2);
						}
						nanos[n++] = ended - started;
					}
				}
				call.close();
				long[] result = Arrays.copyOf(nanos, n + 1);
				result[n] = issued;
				return result;
			});
		}
		Thread starter = new Thread(() -> {
			try {
				ready.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			window[0] = System.nanoTime() + warmup * 1_000_000_000L;
			window[1] = window[0] + seconds * 1_000_000_000L;
			go.countDown();
		}, "load-starter");
		starter.start();
		List<long[]> results = TrackingBenchmark.runAll(threads);
		samples[1] = meter.sample();
		if (samples[0] == null) {
			samples[0] = samples[1];
		}
		long issued = 0;
		int total = 0;
		for (long[] result : results) {
			issued += result[result.length - 1];
			total += result.length - 1;
		}
		long[] all = new long[total];
		int at = 0;
		for (long[] result : results) {
			System.arraycopy(result, 0, all, at, result.length - 1);
			at += result.length - 1;
		}
		Arrays.sort(all);
		assertThat(all).as("calls completed in the measured window").isNotEmpty();
		return new Run(concurrency, new Latencies(all), all.length / (double) seconds, issued,
				CpuMeter.between(samples[0], samples[1]));
	}

	/** One request or call of the load. */
	@FunctionalInterface
	interface Call {

		void call() throws Exception;

		/** Frees what the load thread held, once its load is over. */
		default void close() {
		}

		/** Calls {@code client} until the load is over, then closes its connection. */
		static Call of(RawHttp client) {
			return new Call() {

				@Override
				public void call() throws Exception {
					client.expectOk();
				}

				@Override
				public void close() {
					client.close();
				}

			};
		}

	}

	/** What one measurement found. */
	record Run(int concurrency, Latencies latencies, double perSecond, long issued, CpuMeter.Usage cpu) {

		String describe() {
			return String.format(Locale.ROOT, "%s requests/s, p50 %.3f ms, p99 %.3f ms, max %.1f ms (n = %,d)",
					BenchReport.whole(this.perSecond), this.latencies.millis(50), this.latencies.millis(99),
					this.latencies.maxMillis(), this.latencies.count());
		}

	}

	private static double median(List<Run> runs) {
		double[] rates = runs.stream().mapToDouble(Run::perSecond).sorted().toArray();
		int middle = rates.length / 2;
		return (rates.length % 2 == 1) ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2;
	}

	private static String summary(List<Run> runs) {
		StringBuilder text = new StringBuilder("slices");
		for (Run run : runs) {
			text.append(' ')
				.append(BenchReport.whole(run.perSecond()))
				.append(String.format(Locale.ROOT, " (p99 %.2f ms)", run.latencies().millis(99)));
		}
		return text.toString();
	}

	private static String key(String target, int concurrency) {
		return target + "@" + concurrency;
	}

	private static long runOnnx(OrtEnvironment env, OrtSession session, String input) throws OrtException {
		try (OnnxTensor tensor = OnnxTensor.createTensor(env, new float[][] { ROW });
				OrtSession.Result result = session.run(Map.of(input, tensor))) {
			return ((long[]) result.get(0).getValue())[0];
		}
	}

	private static HttpClient client() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	/**
	 * Each load thread's POSTs to {@code url}: over a {@link RawHttp} connection of its
	 * own, or with {@code -Dbench.serving.client=jdk} through the shared JDK client.
	 */
	private static Supplier<Call> posts(HttpClient client, String url, String token) {
		if (JDK_CLIENT) {
			return () -> () -> check(post(client, url, token));
		}
		byte[] body = (token != null) ? BODY : MLFLOW_BODY;
		return () -> Call.of(RawHttp.post(url, "application/json", body, token));
	}

	/** Each load thread's GETs of {@code url}, as {@link #posts}. */
	private static Supplier<Call> gets(HttpClient client, String url, String token) {
		if (JDK_CLIENT) {
			return () -> () -> check(get(client, url, token));
		}
		return () -> Call.of(RawHttp.get(url, token));
	}

	private static HttpResponse<String> post(HttpClient client, String url, String token) throws Exception {
		// Only MLflow is called without a token.
		byte[] body = (token != null) ? BODY : MLFLOW_BODY;
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static HttpResponse<String> get(HttpClient client, String url, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static void check(HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw new AssertionError(response.request().uri().getPath() + " answered " + response.statusCode() + ": "
					+ response.body().substring(0, Math.min(500, response.body().length())));
		}
	}

	/** The answer's first prediction, whether a list of labels or a dict of outputs. */
	private static void expectLabel(HttpResponse<String> response) {
		check(response);
		JsonNode predictions = BenchHttp.parse(response.body()).get("predictions");
		JsonNode labels = predictions.isObject() ? predictions.get(predictions.propertyNames().iterator().next())
				: predictions;
		assertThat(labels.get(0).asLong()).as(response.body()).isEqualTo(LABEL);
	}

	/** Uploads lr_plain as a run's {@code model/} artifacts and registers a version. */
	private int register(String name) {
		JsonNode run = this.editor.post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"0\"}")
			.get("run")
			.get("info");
		String runId = run.get("run_id").asString();
		String root = run.get("artifact_uri").asString().replaceFirst("^mlflow-artifacts:/+", "");
		try (Stream<Path> files = Files.list(MODEL)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				if (file.getFileName().toString().equals("expected.json")) {
					continue;
				}
				this.editor.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/" + file.getFileName(),
						HttpRequest.BodyPublishers.ofFile(file), "application/octet-stream");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		JsonNode created = this.editor.post("/api/2.0/mlflow/model-versions/create", "{\"name\": \"" + name
				+ "\", \"source\": \"runs:/" + runId + "/model\", \"run_id\": \"" + runId + "\"}");
		return Integer.parseInt(created.get("model_version").get("version").asString());
	}

	/**
	 * Deploys the registered version as {@code deployment} and waits until it answers.
	 */
	private void deploy(String deployment, String extra) {
		this.editor.post("/api/v1/deployments", "{\"name\": \"" + deployment + "\", \"model\": \"" + this.model
				+ "\", \"version\": \"" + this.version + "\"" + ((extra != null) ? ", " + extra : "") + "}");
		HttpClient client = client();
		String ping = this.server.baseUrl() + "/serve/" + deployment + "/ping";
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> get(client, ping, this.token).statusCode() == 200);
	}

	private PeerProcess startMlflow(Path workDir) {
		Path python = Requirement.python().orElse(null);
		assumeTrue(python != null, "SLIPWAY_E2E_PYTHON names no Python for mlflow models serve");
		int port = SlipwayProcess.freePort();
		// MLflow starts uvicorn by name: the interpreter's folder leads the PATH.
		String path = python.getParent() + ":" + System.getenv("PATH");
		PeerProcess process = PeerProcess
			.start("mlflow-serve",
					List.of(python.toString(), "-m", "mlflow", "models", "serve", "-m", MLFLOW_MODEL.toString(),
							"--env-manager", "local", "-h", "127.0.0.1", "-p", String.valueOf(port), "--workers",
							MLFLOW_WORKERS),
					Map.of("PYTHONUNBUFFERED", "1", "PATH", path), workDir.resolve("mlflow"), port)
			.awaitReady("/ping");
		String versions = version(python,
				"import mlflow, onnxruntime, uvicorn, fastapi, sys; print('MLflow', mlflow.__version__, '· ONNX Runtime',"
						+ " onnxruntime.__version__, '· uvicorn', uvicorn.__version__, '· FastAPI', fastapi.__version__,"
						+ " '· Python', sys.version.split()[0])");
		this.report.machine("MLflow", versions + " (`mlflow models serve --env-manager local --workers "
				+ MLFLOW_WORKERS + "`, " + python + ")");
		this.report.machine("ONNX Runtime (Slipway and in-process)", OrtEnvironment.getEnvironment().getVersion());
		return process;
	}

	private static String version(Path python, String script) {
		try {
			Process process = new ProcessBuilder(python.toString(), "-c", script).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			process.waitFor();
			return out;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
