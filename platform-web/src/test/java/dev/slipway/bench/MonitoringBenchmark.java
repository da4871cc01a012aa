package dev.slipway.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Monitoring measured through the packaged server on PostgreSQL:
 * <ol>
 * <li>ingest of production batches (10,000 rows × 20 numeric features, JSON records) into
 * profiles, as feature values per second of the server's CPU time;</li>
 * <li>drift for 30 daily windows × 100 features computed from the stored profiles (the
 * first read after a settings change, which invalidates the result cache);</li>
 * <li>side by side on the same data: Evidently's {@code DataDriftPreset} (pinned, in
 * {@code SLIPWAY_EVIDENTLY_PYTHON}) against Slipway's reference upload, ingest and drift,
 * with the time of each, their ratio and the largest difference per statistic.</li>
 * </ol>
 * A measurement, not a test: nothing fails for being slow, but each phase checks the work
 * was done (rows stored = rows sent, every window and feature answered). Run by
 * {@code ./mvnw -B -pl platform-web -am -Pbenchmark -DskipTests verify
 * -Dit.test=MonitoringBenchmark}; the figures land in
 * {@code target/benchmarks/monitoring.md}.
 */
@Requires(Requirement.POSTGRESQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringBenchmark {

	private static final int FEATURES = Integer.getInteger("bench.monitoring.features", 20);

	private static final int BATCH_ROWS = Integer.getInteger("bench.monitoring.batch.rows", 10_000);

	private static final int CLIENTS = Integer.getInteger("bench.monitoring.clients", 2);

	private static final long INGEST_WARMUP_SECONDS = Long.getLong("bench.monitoring.warmup.seconds", 5);

	private static final long INGEST_SECONDS = Long.getLong("bench.monitoring.ingest.seconds", 20);

	private static final int DRIFT_FEATURES = Integer.getInteger("bench.monitoring.drift.features", 100);

	private static final int DRIFT_DAYS = Integer.getInteger("bench.monitoring.drift.days", 30);

	private static final int DRIFT_REPEATS = Integer.getInteger("bench.monitoring.drift.repeats", 10);

	/** Rows of each side of the Evidently comparison, comma separated, growing. */
	private static final List<Integer> EVIDENTLY_ROWS = List
		.of(System.getProperty("bench.monitoring.evidently.rows", "1000000").split(","))
		.stream()
		.map(String::strip)
		.map(Integer::valueOf)
		.toList();

	/** The phases to run: any of ingest, drift, evidently. */
	private static final List<String> PHASES = List
		.of(System.getProperty("bench.monitoring.phases", "ingest,drift,evidently").split(","));

	/**
	 * Methods also compared with Evidently at the first size (each one more Evidently
	 * run).
	 */
	private static final List<String> EXTRA_METHODS = List
		.of(System.getProperty("bench.monitoring.evidently.methods", "psi,ks").split(","))
		.stream()
		.filter((m) -> !m.isBlank())
		.toList();

	private static final String SERVER_HEAP = BenchServer.heap("2g");

	private final BenchReport report = new BenchReport("Monitoring benchmark");

	private final Path outputDir = Path.of("target", "benchmarks").toAbsolutePath();

	private SlipwayProcess server;

	private BenchHttp http;

	private CpuMeter cpu;

	@BeforeAll
	void start() {
		String jdbcUrl = PostgresTestDatabase.jdbcUrl();
		this.report.machine("Date", LocalDateTime.now().withNano(0).toString());
		this.report.machine("Cores (nproc)", String.valueOf(Runtime.getRuntime().availableProcessors()));
		this.report.machine("CPU", TrackingBenchmark.firstValue(Path.of("/proc/cpuinfo"), "model name"));
		this.report.machine("Memory", TrackingBenchmark.firstValue(Path.of("/proc/meminfo"), "MemTotal"));
		this.report.machine("Java", System.getProperty("java.vm.name") + " "
				+ System.getProperty("java.runtime.version") + " (server -Xmx" + SERVER_HEAP + ")");
		this.report.machine("Code", TrackingBenchmark.codeVersion());
		this.report.machine("Load average before the run", TrackingBenchmark.firstLine(Path.of("/proc/loadavg")));
		Path workDir = this.outputDir.resolve("work-monitoring");
		this.server = BenchServer.start(workDir, jdbcUrl, SERVER_HEAP, Map.of());
		BenchHttp admin = BenchServer.admin(this.server);
		String token = admin.post("/api/v1/tokens", "{\"name\": \"monitoring-benchmark\"}").get("secret").asString();
		this.http = admin.as("Bearer " + token);
		this.cpu = new CpuMeter(this.server.pid());
	}

	@AfterAll
	void finish() {
		if (this.server != null) {
			this.server.close();
		}
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
		this.report.write(this.outputDir.resolve("monitoring.md"));
		this.report.write(this.outputDir.resolve("monitoring-" + stamp + ".md"));
		System.out.println(this.report.markdown());
	}

	@Test
	@Order(1)
	void ingestIntoProfiles() throws Exception {
		assumeTrue(PHASES.contains("ingest"), "bench.monitoring.phases");
		long monitor = monitor(FEATURES, "ingest");
		uploadReference(monitor, FEATURES, 100_000, 0.0, 1);
		List<byte[]> bodies = new ArrayList<>();
		for (int b = 0; b < 8; b++) {
			bodies.add(jsonBatch(FEATURES, BATCH_ROWS, new SplittableRandom(100 + b)));
		}
		CpuMeter.awaitQuiet(Duration.ofSeconds(60), 0.10);
		long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(INGEST_WARMUP_SECONDS);
		long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(INGEST_SECONDS);
		LongAdder sentRows = new LongAdder();
		CpuMeter.Sample[] samples = new CpuMeter.Sample[2];
		List<Callable<Long>> clients = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			int offset = c;
			clients.add(() -> {
				long rows = 0;
				int i = offset;
				while (System.nanoTime() < measureTo) {
					if (offset == 0 && samples[0] == null && System.nanoTime() >= measureFrom) {
						samples[0] = this.cpu.sample();
					}
					this.http.post("/api/v1/monitors/" + monitor + "/data", bodies.get(i++ % bodies.size()));
					rows += BATCH_ROWS;
					sentRows.add(BATCH_ROWS);
				}
				return rows;
			});
		}
		long started = System.nanoTime();
		TrackingBenchmark.runAll(clients);
		samples[1] = this.cpu.sample();
		double wallSeconds = (System.nanoTime() - started) / 1e9;
		if (samples[0] == null) {
			samples[0] = samples[1];
		}
		CpuMeter.Usage usage = CpuMeter.between(samples[0], samples[1]);
		// The measured window's values, from the rows sent while the CPU was sampled.
		double measuredSeconds = (samples[1].nanos() - samples[0].nanos()) / 1e9;
		double serverCpuSeconds = usage.server() * measuredSeconds;
		long rows = sentRows.sum();
		double valuesPerCpuSecond = (rows * (double) FEATURES / wallSeconds) * measuredSeconds / serverCpuSeconds;
		this.report.result(
				"Ingest into profiles, " + CLIENTS + " clients × " + BenchReport.whole(BATCH_ROWS) + " rows × "
						+ FEATURES + " features per JSON batch",
				BenchReport.whole(valuesPerCpuSecond) + " feature values per server CPU second ("
						+ BenchReport.whole(rows * (double) FEATURES / wallSeconds) + " per wall second)",
				"≥ 1,000,000 per core", valuesPerCpuSecond >= 1_000_000);
		this.report.cpu("ingest into profiles", usage);
		JsonNode column = BenchHttp.parse(this.http.get("/api/v1/monitors/" + monitor + "/columns/f00"));
		long stored = 0;
		for (JsonNode window : column.get("windows")) {
			stored += window.get("count").asLong();
		}
		assertThat(stored).as("values stored = rows sent").isEqualTo(rows);
	}

	@Test
	@Order(2)
	void driftFromStoredProfiles() {
		assumeTrue(PHASES.contains("drift"), "bench.monitoring.phases");
		long monitor = monitor(DRIFT_FEATURES, "drift");
		uploadReference(monitor, DRIFT_FEATURES, 20_000, 0.0, 2);
		Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
		for (int day = 0; day < DRIFT_DAYS; day++) {
			long time = today.minus(Duration.ofDays(DRIFT_DAYS - day)).toEpochMilli() + 3_600_000;
			String csv = csv(DRIFT_FEATURES, 2_000, (day >= DRIFT_DAYS / 3) ? 0.2 : 0.0, 10 + day, time);
			this.http.send("POST", "/api/v1/monitors/" + monitor + "/data", HttpRequest.BodyPublishers.ofString(csv),
					"text/csv");
		}
		List<Long> millis = new ArrayList<>();
		for (int i = 0; i < DRIFT_REPEATS + 2; i++) {
			// A settings change makes every cached result stale: the read computes all.
			this.http.send("PATCH", "/api/v1/monitors/" + monitor,
					HttpRequest.BodyPublishers.ofString("{\"description\": \"run " + i + "\"}"), "application/json");
			long started = System.nanoTime();
			JsonNode answer = BenchHttp
				.parse(this.http.get("/api/v1/monitors/" + monitor + "/drift?max_windows=" + DRIFT_DAYS));
			long took = System.nanoTime() - started;
			assertThat(answer.get("windows").size()).isEqualTo(DRIFT_DAYS);
			assertThat(answer.get("windows").get(0).get("features").size()).isEqualTo(DRIFT_FEATURES);
			if (i >= 2) {
				millis.add(TimeUnit.NANOSECONDS.toMillis(took));
			}
		}
		Collections.sort(millis);
		long median = millis.get(millis.size() / 2);
		this.report.result(
				"Drift of " + DRIFT_DAYS + " daily windows × " + DRIFT_FEATURES
						+ " features from stored profiles (uncached read, over HTTP)",
				"median " + median + " ms, max " + millis.get(millis.size() - 1) + " ms (" + DRIFT_REPEATS + " reads)",
				"< 1 s", median < 1000);
	}

	@Test
	@Order(3)
	void sideBySideWithEvidently() throws Exception {
		assumeTrue(PHASES.contains("evidently"), "bench.monitoring.phases");
		assumeTrue(Requirement.evidentlyPython().isPresent(), "SLIPWAY_EVIDENTLY_PYTHON");
		Path work = this.outputDir.resolve("work-monitoring").resolve("evidently");
		Files.createDirectories(work);
		String columns = String.join(",", names(FEATURES));
		for (int n : EVIDENTLY_ROWS) {
			Path reference = work.resolve("reference-" + n + ".csv");
			Path current = work.resolve("current-" + n + ".csv");
			writeCsv(reference, FEATURES, n, 0.0, 1000 + n);
			writeCsv(current, FEATURES, n, 0.05, 2000 + n);
			CpuMeter.awaitQuiet(Duration.ofSeconds(60), 0.10);
			JsonNode evidently = evidently(reference, current, columns, null);
			if (evidently == null) {
				this.report.result("Evidently DataDriftPreset, " + BenchReport.whole(n) + " + " + BenchReport.whole(n)
						+ " rows × " + FEATURES, "failed (out of memory or killed)", "", null);
				break;
			}

			CpuMeter.awaitQuiet(Duration.ofSeconds(60), 0.10);
			long started = System.nanoTime();
			long monitor = monitor(FEATURES, "evidently-" + n);
			this.http.send("PUT", "/api/v1/monitors/" + monitor + "/reference?source=reference.csv",
					HttpRequest.BodyPublishers.ofFile(reference), "text/csv");
			sendCsvInBatches(monitor, current, 100_000);
			JsonNode drift = BenchHttp.parse(this.http.get("/api/v1/monitors/" + monitor + "/drift"));
			double slipwaySeconds = (System.nanoTime() - started) / 1e9;
			JsonNode window = drift.get("windows").get(0);
			assertThat(window.get("rows").asLong()).isEqualTo(n);
			double evidentlySeconds = evidently.get("seconds").asDouble();
			this.report.result(
					"Evidently DataDriftPreset vs Slipway, " + BenchReport.whole(n) + " reference + "
							+ BenchReport.whole(n) + " current rows × " + FEATURES + " features",
					String.format(Locale.ROOT,
							"Evidently %.1f s (compute only; %.1f s with reading the CSVs, peak %d MB) · Slipway %.1f s "
									+ "(upload, two-pass reference, ingest, drift) · ratio %.1f×",
							evidentlySeconds, evidently.get("total_seconds").asDouble(),
							evidently.get("max_rss_mb").asLong(), slipwaySeconds, evidentlySeconds / slipwaySeconds),
					"", null);
			this.report.note(String.format(Locale.ROOT, "%,d rows: largest |Δ| Wasserstein (normed) %.2e", n,
					largestDifference(window, evidently, "wasserstein")));
			if (n == EVIDENTLY_ROWS.get(0)) {
				for (String method : EXTRA_METHODS) {
					JsonNode other = evidently(reference, current, columns, method);
					this.http.send("PATCH", "/api/v1/monitors/" + monitor, HttpRequest.BodyPublishers
						.ofString("{\"drift\": {\"all\": {\"method\": \"" + method + "\"}}}"), "application/json");
					JsonNode ours = BenchHttp.parse(this.http.get("/api/v1/monitors/" + monitor + "/drift"))
						.get("windows")
						.get(0);
					this.report.note(String.format(Locale.ROOT, "%,d rows: largest |Δ| %s %.2e (Evidently %.1f s)", n,
							method, largestDifference(ours, other, method), other.get("seconds").asDouble()));
				}
			}
			if (evidentlySeconds > 600) {
				break;
			}
		}
	}

	private double largestDifference(JsonNode slipwayWindow, JsonNode evidently, String method) {
		double largest = 0;
		for (JsonNode feature : slipwayWindow.get("features")) {
			assertThat(feature.get("method").asString()).isEqualTo(method);
			JsonNode theirs = evidently.get("columns").get(feature.get("column").asString());
			largest = Math.max(largest, Math.abs(feature.get("score").asDouble() - theirs.get("score").asDouble()));
		}
		return largest;
	}

	private JsonNode evidently(Path reference, Path current, String numerical, String method) throws Exception {
		Path script = Path.of("..", "platform-core", "src", "test", "python", "evidently", "evidently_drift.py");
		List<String> command = new ArrayList<>(List.of(Requirement.evidentlyPython().orElseThrow().toString(),
				script.toString(), reference.toString(), current.toString(), numerical, ""));
		if (method != null) {
			command.add(method);
		}
		Path out = reference.resolveSibling("evidently-" + System.nanoTime() + ".json");
		long started = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		if (!process.waitFor(60, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			return null;
		}
		JsonNode answer = BenchHttp.parse(Files.readString(out));
		((tools.jackson.databind.node.ObjectNode) answer).put("total_seconds", (System.nanoTime() - started) / 1e9);
		return answer;
	}

	private void sendCsvInBatches(long monitor, Path csv, int rowsPerBatch) throws IOException {
		List<String> lines = Files.readAllLines(csv);
		String header = lines.get(0);
		for (int from = 1; from < lines.size(); from += rowsPerBatch) {
			StringBuilder batch = new StringBuilder(header).append('\n');
			for (int i = from; i < Math.min(lines.size(), from + rowsPerBatch); i++) {
				batch.append(lines.get(i)).append('\n');
			}
			this.http.send("POST", "/api/v1/monitors/" + monitor + "/data",
					HttpRequest.BodyPublishers.ofString(batch.toString()), "text/csv");
		}
	}

	private long monitor(int features, String name) {
		String model = "bench-monitoring-" + name + "-" + System.nanoTime();
		this.http.post("/api/2.0/mlflow/registered-models/create", "{\"name\": \"" + model + "\"}");
		StringBuilder columns = new StringBuilder();
		for (String column : names(features)) {
			columns.append((columns.length() > 0) ? "," : "")
				.append("{\"name\": \"")
				.append(column)
				.append("\", \"kind\": \"numerical\"}");
		}
		return this.http
			.post("/api/v1/models/" + model + "/monitors",
					"{\"name\": \"bench\", \"schema\": {\"columns\": [" + columns + "], \"timestamp\": \"ts\"}}")
			.get("id")
			.asLong();
	}

	private void uploadReference(long monitor, int features, int rows, double shift, long seed) {
		this.http.send("PUT", "/api/v1/monitors/" + monitor + "/reference",
				HttpRequest.BodyPublishers.ofString(csv(features, rows, shift, seed, null)), "text/csv");
	}

	private static List<String> names(int features) {
		List<String> names = new ArrayList<>();
		for (int f = 0; f < features; f++) {
			names.add(String.format(Locale.ROOT, "f%02d", f));
		}
		return names;
	}

	/** Rows of normal features, half of them shifted by {@code shift}. */
	private static String csv(int features, int rows, double shift, long seed, Long time) {
		SplittableRandom random = new SplittableRandom(seed);
		StringBuilder csv = new StringBuilder((time != null) ? "ts," : "").append(String.join(",", names(features)))
			.append('\n');
		for (int r = 0; r < rows; r++) {
			if (time != null) {
				csv.append(time).append(',');
			}
			for (int f = 0; f < features; f++) {
				csv.append((f > 0) ? "," : "").append(gaussian(random) + ((f % 2 == 0) ? shift : 0));
			}
			csv.append('\n');
		}
		return csv.toString();
	}

	private static void writeCsv(Path file, int features, int rows, double shift, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		try (BufferedWriter out = Files.newBufferedWriter(file)) {
			out.write(String.join(",", names(features)));
			out.write('\n');
			StringBuilder line = new StringBuilder();
			for (int r = 0; r < rows; r++) {
				line.setLength(0);
				for (int f = 0; f < features; f++) {
					line.append((f > 0) ? "," : "").append(gaussian(random) + ((f % 2 == 0) ? shift : 0));
				}
				out.write(line.append('\n').toString());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A JSON batch of records without a timestamp: the rows fall in the current window.
	 */
	private static byte[] jsonBatch(int features, int rows, SplittableRandom random) {
		StringBuilder json = new StringBuilder("{\"records\": [");
		for (int r = 0; r < rows; r++) {
			json.append((r > 0) ? ",{" : "{");
			for (int f = 0; f < features; f++) {
				json.append((f > 0) ? "," : "")
					.append("\"f")
					.append((f < 10) ? "0" : "")
					.append(f)
					.append("\":")
					.append(gaussian(random));
			}
			json.append('}');
		}
		return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
	}

	private static double gaussian(SplittableRandom random) {
		// Box-Muller; SplittableRandom has no nextGaussian on Java 17.
		double u = 1.0 - random.nextDouble();
		double v = random.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

}
