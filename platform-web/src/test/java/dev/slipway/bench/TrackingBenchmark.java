package dev.slipway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.slipway.query.SqlQuery;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.tracking.search.RunSearch;
import dev.slipway.tracking.search.ViewType;
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
 * Experiment tracking measured against PostgreSQL on this machine, through the packaged
 * server:
 * <ol>
 * <li>{@code runs/log-batch} ingest, 1,000 metrics a request from 8 concurrent
 * clients;</li>
 * <li>{@code psql \copy} of the same rows into a table of the same shape, the physical
 * ceiling, and the ratio of the two, both measured in this run;</li>
 * <li>the downsampled read of a 10-million-point metric
 * ({@code metrics/get-history-bulk-interval});</li>
 * <li>{@code runs/search} with a metric filter and {@code order_by} over 100,000
 * runs.</li>
 * </ol>
 * A measurement, not a test: nothing fails for being slow, but every phase checks that
 * the work was done (points stored = points sent, search answers in the requested order),
 * so it cannot measure nothing. Run by
 * {@code ./mvnw -B -pl platform-web -am -Pbenchmark -DskipTests verify}; the figures land
 * in {@code target/benchmarks/tracking.md}. Sizes and durations are system properties
 * ({@code -Dbench.ingest.seconds=5} and so on) for a quick smoke run.
 */
@Requires(Requirement.POSTGRESQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrackingBenchmark {

	private static final String API = "/api/2.0/mlflow";

	/** Concurrent REST clients. */
	private static final int CLIENTS = Integer.getInteger("bench.clients", 8);

	/** Metrics per log-batch request (MLflow's maximum). */
	private static final int BATCH = Integer.getInteger("bench.batch.size", 1000);

	/** Metric keys per training step in the ingest phase. */
	private static final int INGEST_KEYS = Integer.getInteger("bench.ingest.keys", 10);

	private static final long INGEST_WARMUP_SECONDS = Long.getLong("bench.ingest.warmup.seconds", 5);

	private static final long INGEST_SECONDS = Long.getLong("bench.ingest.seconds", 30);

	/** Points of the long metric series. */
	private static final long HISTORY_POINTS = Long.getLong("bench.history.points", 10_000_000);

	private static final int HISTORY_MAX_RESULTS = Integer.getInteger("bench.history.max.results", 2500);

	private static final int READ_REQUESTS = Integer.getInteger("bench.history.requests", 50);

	private static final int SEARCH_RUNS = Integer.getInteger("bench.search.runs", 100_000);

	private static final int SEARCH_REQUESTS = Integer.getInteger("bench.search.requests", 100);

	private static final int WARMUP_REQUESTS = Integer.getInteger("bench.warmup.requests", 20);

	private static final String SERVER_HEAP = BenchServer.heap("1g");

	/** Extra JVM options for the server, space separated (a JFR recording, say). */

	/**
	 * The phases to run: any of ingest, copy, history, search, auth, page (copy needs
	 * ingest; page reuses the search experiment when search ran).
	 */
	private static final List<String> PHASES = List
		.of(System.getProperty("bench.phases", "ingest,copy,history,search,auth,page,embedded").split(","));

	/** Timed loads of each runs-page variant in the page phase. */
	private static final int PAGE_REQUESTS = Integer.getInteger("bench.page.requests", 100);

	/** Longest wait for a quiet machine before each phase. */
	private static final long QUIET_MAX_SECONDS = Long.getLong("bench.quiet.max.seconds", 120);

	/** A machine less busy than this (share of all cores) counts as quiet. */
	private static final double QUIET_SHARE = 0.10;

	/**
	 * The coarsest rollup width: series parts logged by different clients never share a
	 * bucket.
	 */
	private static final long COARSEST_BUCKET = 262_144;

	private static final long[] ROLLUP_WIDTHS = { 64, 4096, COARSEST_BUCKET };

	private static final Pattern EXECUTION_TIME = Pattern.compile("Execution Time: ([0-9.]+) ms");

	private final BenchReport report = new BenchReport();

	private final StringBuilder plans = new StringBuilder();

	private final Path outputDir = Path.of("target", "benchmarks").toAbsolutePath();

	private final String applicationName = "slipway-bench-" + Long.toHexString(System.nanoTime());

	private String jdbcUrl;

	private BenchDatabase db;

	/** The benchmark server's first admin. */
	private static final String ADMIN_PASSWORD = BenchServer.ADMIN_PASSWORD;

	private SlipwayProcess server;

	private BenchHttp basicHttp;

	private BenchHttp http;

	private CpuMeter cpu;

	private long ingestExperiment = -1;

	private long ingestPoints;

	private double restPointsPerSecond;

	private long searchExperiment = -1;

	@BeforeAll
	void start() {
		this.jdbcUrl = PostgresTestDatabase.jdbcUrl();
		this.db = connect();
		describeMachine();
		Path workDir = this.outputDir.resolve("work");
		// The URL's ApplicationName wins over Slipway's own, which tells this server's
		// sessions apart from other Slipways on the same PostgreSQL.
		this.server = BenchServer.start(workDir, this.jdbcUrl + "&ApplicationName=" + this.applicationName, SERVER_HEAP,
				Map.of());
		BenchHttp admin = BenchServer.admin(this.server);
		// Clients authenticate as MLflow clients do with MLFLOW_TRACKING_TOKEN.
		BenchServer.Editor editor = BenchServer.editor(admin, "bench", "benchmark");
		this.http = editor.http();
		this.basicHttp = admin.as(BenchServer.basic(editor.name(), ADMIN_PASSWORD));
		this.cpu = new CpuMeter(this.server.pid());
	}

	@AfterAll
	void finish() {
		if (this.server != null) {
			this.server.close();
		}
		if (this.db != null) {
			this.db.close();
		}
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
		this.report.write(this.outputDir.resolve("tracking.md"));
		this.report.write(this.outputDir.resolve("tracking-" + stamp + ".md"));
		write(this.outputDir.resolve("tracking-plans.txt"), this.plans.toString());
		System.out.println(this.report.markdown());
	}

	@Test
	@Order(1)
	void restIngest() throws Exception {
		assumeTrue(PHASES.contains("ingest"), "bench.phases");
		long experimentId = createExperiment("bench-ingest");
		String[] runIds = new String[CLIENTS];
		for (int c = 0; c < CLIENTS; c++) {
			runIds[c] = createRun(experimentId);
		}
		String[] keys = IntStream.range(0, INGEST_KEYS)
			.mapToObj((i) -> String.format(Locale.ROOT, "metric_%02d", i))
			.toArray(String[]::new);
		int stepsPerBatch = BATCH / INGEST_KEYS;
		int pointsPerBatch = stepsPerBatch * INGEST_KEYS;
		awaitQuiet("REST ingest");
		long epochMillis = System.currentTimeMillis();
		long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(INGEST_WARMUP_SECONDS);
		long measureTo = measureFrom + TimeUnit.SECONDS.toNanos(INGEST_SECONDS);
		LongAdder measuredPoints = new LongAdder();
		ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
		ScheduledFuture<CpuMeter.Sample> cpuFrom = clock.schedule(this.cpu::sample, measureFrom - System.nanoTime(),
				TimeUnit.NANOSECONDS);
		ScheduledFuture<CpuMeter.Sample> cpuTo = clock.schedule(this.cpu::sample, measureTo - System.nanoTime(),
				TimeUnit.NANOSECONDS);
		WaitSampler sessions = WaitSampler.start(connect(), this.applicationName, 50, measureFrom, measureTo);
		List<Callable<IngestClient>> clients = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			String runId = runIds[c];
			SplittableRandom random = new SplittableRandom(c);
			clients.add(() -> {
				IngestClient client = new IngestClient(runId);
				while (System.nanoTime() < measureTo) {
					byte[] body = MetricBatches.trainingSteps(runId, keys, client.steps, stepsPerBatch, epochMillis,
							random);
					long sent = System.nanoTime();
					this.http.post(API + "/runs/log-batch", body);
					long done = System.nanoTime();
					client.steps += stepsPerBatch;
					client.points += pointsPerBatch;
					// Throughput counts the requests completed inside the window.
					if (done >= measureFrom && done < measureTo) {
						measuredPoints.add(pointsPerBatch);
						if (sent >= measureFrom) {
							client.latencies.add(done - sent);
						}
					}
				}
				return client;
			});
		}
		List<IngestClient> done = runAll(clients);
		CpuMeter.Usage usage = CpuMeter.between(cpuFrom.get(), cpuTo.get());
		System.out.println(
				"[bench] REST ingest measured from " + cpuFrom.get().wallClock() + " to " + cpuTo.get().wallClock());
		clock.shutdown();
		this.report.note("Slipway's PostgreSQL sessions during REST ingest: " + sessions.summary() + ".");
		sessions.close();

		long sent = done.stream().mapToLong((client) -> client.points).sum();
		this.restPointsPerSecond = measuredPoints.sum() / (double) INGEST_SECONDS;
		List<Long> latencies = new ArrayList<>();
		done.forEach((client) -> latencies.addAll(client.latencies));
		this.report.result(
				"REST log-batch ingest, " + CLIENTS + " clients × " + pointsPerBatch + " metrics/request, "
						+ INGEST_SECONDS + " s",
				BenchReport.whole(this.restPointsPerSecond) + " points/s", "≥ 50,000 points/s",
				this.restPointsPerSecond >= 50_000);
		this.report.result("log-batch request latency during ingest", Latencies.of(latencies).summary(), "", null);
		this.report.cpu("REST ingest (" + CLIENTS + " runs)", usage);

		// Everything acknowledged is stored, once; latest values and rollups follow.
		assertThat(this.db.queryLong(
				"SELECT count(*) FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.experiment_id = ?",
				experimentId))
			.as("points stored = points sent")
			.isEqualTo(sent);
		for (IngestClient client : done) {
			assertThat(this.db.queryLong("SELECT count(*) FROM latest_metrics m JOIN runs r ON r.id = m.run_id "
					+ "WHERE r.run_uuid = ? AND m.step = ?", client.runId, client.steps - 1))
				.as("latest metrics of run %s", client.runId)
				.isEqualTo(INGEST_KEYS);
			long buckets = 0;
			for (long width : ROLLUP_WIDTHS) {
				buckets += INGEST_KEYS * ((client.steps - 1) / width + 1);
			}
			assertThat(this.db.queryLong(
					"SELECT count(*) FROM metric_rollups m JOIN runs r ON r.id = m.run_id WHERE r.run_uuid = ?",
					client.runId))
				.as("rollup buckets of run %s", client.runId)
				.isEqualTo(buckets);
		}
		this.ingestExperiment = experimentId;
		this.ingestPoints = sent;
	}

	/**
	 * The cost of durable commits on the embedded default: the same REST ingest against
	 * two H2 servers running side by side, one as shipped ({@code WRITE_DELAY=0}: a
	 * commit is in the file before the answer) and one with H2's own default of a 500 ms
	 * write delay (what earlier versions ran, losing the last half second of acknowledged
	 * writes on a crash). The load alternates between them in short slices, so a busy
	 * spell of the machine falls on both alike.
	 */
	@Test
	@Order(7)
	void embeddedIngestDurability() throws Exception {
		assumeTrue(PHASES.contains("embedded"), "bench.phases");
		Path work = this.outputDir.resolve("work").resolve("embedded-" + System.nanoTime());
		try (EmbeddedTarget durable = new EmbeddedTarget(work.resolve("durable"), null);
				EmbeddedTarget delayed = new EmbeddedTarget(work.resolve("delayed"),
						"jdbc:h2:file:" + work.resolve("delayed").resolve("db").resolve("slipway")
								+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
								+ ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=500")) {
			awaitQuiet("embedded ingest");
			long slice = Math.max(1, INGEST_SECONDS / 4);
			durable.ingest(INGEST_WARMUP_SECONDS);
			delayed.ingest(INGEST_WARMUP_SECONDS);
			long durablePoints = 0;
			long delayedPoints = 0;
			for (int round = 0; round < 4; round++) {
				durablePoints += durable.ingest(slice);
				delayedPoints += delayed.ingest(slice);
			}
			double durableRate = durablePoints / (4.0 * slice);
			double delayedRate = delayedPoints / (4.0 * slice);
			this.report.result("Embedded H2 ingest, durable commits (WRITE_DELAY=0, as shipped)",
					BenchReport.whole(durableRate) + " points/s", "", null);
			this.report.result("Embedded H2 ingest, H2's 500 ms write delay (loses acknowledged writes on a crash)",
					BenchReport.whole(delayedRate) + " points/s", "", null);
			this.report.result("Durable commits on H2 (durable ÷ delayed, alternating slices of " + slice + " s)",
					String.format(Locale.ROOT, "%.2f", durableRate / delayedRate), "", null);
		}
	}

	/** An H2 server of the embedded-durability phase with its runs, one per client. */
	private final class EmbeddedTarget implements AutoCloseable {

		private final SlipwayProcess process;

		private final BenchHttp client;

		private final String[] runIds = new String[CLIENTS];

		private final long[] steps = new long[CLIENTS];

		private final String[] keys = IntStream.range(0, INGEST_KEYS)
			.mapToObj((i) -> String.format(Locale.ROOT, "metric_%02d", i))
			.toArray(String[]::new);

		EmbeddedTarget(Path workDir, String databaseUrl) throws java.io.IOException {
			java.nio.file.Files.createDirectories(workDir);
			int port = SlipwayProcess.freePort();
			Map<String, String> settings = new java.util.HashMap<>(Map.of("SLIPWAY_PORT", String.valueOf(port),
					"SLIPWAY_DATA_DIR", workDir.resolve("data").toString(), "SLIPWAY_ADMIN_PASSWORD", ADMIN_PASSWORD));
			if (databaseUrl != null) {
				settings.put("SLIPWAY_DATABASE_URL", databaseUrl);
			}
			this.process = SlipwayProcess
				.start(SlipwayProcess.copyOfPackagedJar(workDir), workDir, settings, port,
						BenchServer.jvmArgs(SERVER_HEAP))
				.awaitReady();
			this.client = new BenchHttp(this.process.baseUrl(), BenchServer.basic("admin", ADMIN_PASSWORD));
			String experimentId = this.client
				.post(API + "/experiments/create", BenchHttp.json(Map.of("name", "bench-embedded")))
				.path("experiment_id")
				.asString();
			for (int c = 0; c < CLIENTS; c++) {
				this.runIds[c] = this.client
					.post(API + "/runs/create",
							BenchHttp.json(Map.of("experiment_id", experimentId, "run_name", "bench")))
					.path("run")
					.path("info")
					.path("run_id")
					.asString();
			}
		}

		/** Points acknowledged in {@code seconds} of load from every client. */
		long ingest(long seconds) throws Exception {
			int stepsPerBatch = BATCH / INGEST_KEYS;
			long epochMillis = System.currentTimeMillis();
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
			List<Callable<Long>> clients = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				int id = c;
				SplittableRandom random = new SplittableRandom(c);
				clients.add(() -> {
					long points = 0;
					while (System.nanoTime() < until) {
						this.client.post(API + "/runs/log-batch", MetricBatches.trainingSteps(this.runIds[id],
								this.keys, this.steps[id], stepsPerBatch, epochMillis, random));
						this.steps[id] += stepsPerBatch;
						points += (long) stepsPerBatch * INGEST_KEYS;
					}
					return points;
				});
			}
			return runAll(clients).stream().mapToLong(Long::longValue).sum();
		}

		@Override
		public void close() {
			this.process.close();
		}

	}

	@Test
	@Order(2)
	void copyCeiling() {
		assumeTrue(PHASES.contains("copy"), "bench.phases");
		assumeTrue(this.ingestExperiment >= 0, "the COPY ceiling loads the rows of the ingest phase");
		Path csv = this.outputDir.resolve("work").resolve("ingest-points.csv");
		this.db.psql("\\copy (SELECT m.run_id, m.metric_key, m.metric_value, m.timestamp_ms, m.step FROM metrics m "
				+ "JOIN runs r ON r.id = m.run_id WHERE r.experiment_id = " + this.ingestExperiment + ") TO '" + csv
				+ "' WITH (FORMAT csv)");
		// Same columns, identity, primary key and unique constraint as metrics.
		// LIKE never copies foreign keys.
		this.db.execute("DROP TABLE IF EXISTS bench_copy_metrics",
				"CREATE TABLE bench_copy_metrics (LIKE metrics INCLUDING ALL)");
		// LIKE leaves out storage parameters such as metrics' autovacuum settings.
		String options = this.db.query(
				"SELECT coalesce(array_to_string(reloptions, ', '), '') FROM pg_class WHERE oid = 'metrics'::regclass")
			.get(0)
			.get(0);
		if (!options.isEmpty()) {
			this.db.execute("ALTER TABLE bench_copy_metrics SET (" + options + ")");
		}
		try {
			awaitQuiet("COPY");
			CpuMeter.Sample before = this.cpu.sample();
			String output = this.db.psql("\\timing on", "SELECT pg_backend_pid()",
					"\\copy bench_copy_metrics (run_id, metric_key, metric_value, timestamp_ms, step) FROM '" + csv
							+ "' WITH (FORMAT csv)");
			// The backend's CPU time reaches the postmaster's account once it has exited.
			CpuMeter.awaitGone(BenchDatabase.psqlNumber(output));
			CpuMeter.Usage usage = CpuMeter.between(before, this.cpu.sample());
			double seconds = BenchDatabase.psqlSeconds(output);
			assertThat(this.db.queryLong("SELECT count(*) FROM bench_copy_metrics")).as("rows copied")
				.isEqualTo(this.ingestPoints);
			double rowsPerSecond = this.ingestPoints / seconds;
			double ratio = this.restPointsPerSecond / rowsPerSecond;
			this.report.result(
					"psql \\copy of the same " + BenchReport.whole(this.ingestPoints)
							+ " rows into a table shaped like metrics (ceiling)",
					BenchReport.whole(rowsPerSecond) + " rows/s", "", null);
			this.report.result("REST ingest ÷ COPY ceiling", String.format(Locale.ROOT, "%.2f", ratio), "≥ 0.33",
					ratio >= 1.0 / 3);
			this.report.cpu("psql \\copy", usage);
		}
		finally {
			this.db.execute("DROP TABLE IF EXISTS bench_copy_metrics");
			delete(csv);
		}
	}

	@Test
	@Order(3)
	void downsampledHistoryRead() throws Exception {
		assumeTrue(PHASES.contains("history"), "bench.phases");
		long experimentId = createExperiment("bench-history");
		String runId = createRun(experimentId);
		String key = "loss";
		long batches = ceilDiv(HISTORY_POINTS, BATCH);
		long perClient = ceilDiv(batches, CLIENTS);
		long stride = ceilDiv(perClient * BATCH, COARSEST_BUCKET) * COARSEST_BUCKET;
		long spikeStep = ((batches > perClient) ? stride : 0) + (perClient / 2) * BATCH + BATCH / 2;
		long dipStep = (perClient / 3) * BATCH;
		long epochMillis = System.currentTimeMillis();
		AtomicLong progress = new AtomicLong();
		List<Callable<Long>> clients = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			int client = c;
			clients.add(() -> {
				SplittableRandom random = new SplittableRandom(1000 + client);
				long sent = 0;
				for (long j = 0; j < perClient && client * perClient + j < batches; j++) {
					int count = (int) Math.min(BATCH, HISTORY_POINTS - (client * perClient + j) * BATCH);
					this.http.post(API + "/runs/log-batch", MetricBatches.lossCurve(runId, key,
							client * stride + j * BATCH, count, epochMillis, spikeStep, dipStep, random));
					sent += count;
					long total = progress.addAndGet(count);
					if (total * 10 / HISTORY_POINTS != (total - count) * 10 / HISTORY_POINTS) {
						System.out.println("[bench] long series: " + BenchReport.whole(total) + " points logged");
					}
				}
				return sent;
			});
		}
		awaitQuiet("long series ingest");
		CpuMeter.Sample before = this.cpu.sample();
		WaitSampler sessions = WaitSampler.start(connect(), this.applicationName, 50, before.nanos(), Long.MAX_VALUE);
		long sent = runAll(clients).stream().mapToLong(Long::longValue).sum();
		CpuMeter.Usage usage = CpuMeter.between(before, this.cpu.sample());
		this.report.note("Slipway's PostgreSQL sessions during the long series ingest: " + sessions.summary() + ".");
		sessions.close();
		assertThat(sent).isEqualTo(HISTORY_POINTS);
		this.report.result(
				"REST log-batch of a " + BenchReport.whole(HISTORY_POINTS) + "-point series (one run, one key, "
						+ CLIENTS + " clients)",
				BenchReport.whole(HISTORY_POINTS / usage.seconds()) + " points/s", "", null);
		this.report.cpu("REST ingest (one run, one key)", usage);
		assertThat(this.db.queryLong("SELECT count(*) FROM metrics m JOIN runs r ON r.id = m.run_id "
				+ "WHERE r.run_uuid = ? AND m.metric_key = ?", runId, key))
			.as("points stored = points sent")
			.isEqualTo(HISTORY_POINTS);

		// Settle the tables as autovacuum would shortly after such a load, so that the
		// reads are not measured against a vacuum in progress.
		long vacuum = System.nanoTime();
		this.db.execute("VACUUM (ANALYZE) metrics", "VACUUM (ANALYZE) metric_rollups",
				"VACUUM (ANALYZE) latest_metrics");
		this.report.note(String.format(Locale.ROOT,
				"Before the reads: VACUUM (ANALYZE) of metrics, metric_rollups and latest_metrics took %.1f s.",
				(System.nanoTime() - vacuum) / 1e9));

		awaitQuiet("history reads");
		String whole = API + "/metrics/get-history-bulk-interval?run_ids=" + runId + "&metric_key=" + key
				+ "&max_results=" + HISTORY_MAX_RESULTS;
		AtomicLong returned = new AtomicLong();
		Latencies full = time(READ_REQUESTS, () -> this.http.get(whole), (answer) -> {
			List<double[]> points = sampledPoints(answer);
			returned.set(points.size());
			// MLflow's contract: never fewer points than asked; plus each range's
			// extremes.
			assertThat(points).hasSizeBetween(HISTORY_MAX_RESULTS, 3 * HISTORY_MAX_RESULTS + 1);
			assertStepOrder(points);
			assertThat(points).as("the spike survives downsampling")
				.anyMatch((p) -> p[0] == spikeStep && p[1] == 100.0);
			assertThat(points).as("the dip survives downsampling").anyMatch((p) -> p[0] == dipStep && p[1] == -100.0);
		});
		this.report.result(
				"get-history-bulk-interval, whole " + BenchReport.whole(HISTORY_POINTS) + "-point series, max_results="
						+ HISTORY_MAX_RESULTS + " (" + returned + " points returned)",
				full.summary(), "< 300 ms", full.millis(50) < 300);

		// Zoomed charts: 1.2 million steps (about the most summary rows one read
		// touches) and 80,000 steps around the spike (read point by point).
		long rangeStart = (spikeStep / stride) * stride;
		zoomedRead(whole, rangeStart, rangeStart + Math.min(1_200_000, perClient * BATCH) - 1, spikeStep);
		zoomedRead(whole, Math.max(rangeStart, spikeStep - 40_000), Math.max(rangeStart, spikeStep - 40_000) + 79_999,
				spikeStep);
	}

	private void zoomedRead(String whole, long zoomStart, long zoomEnd, long spikeStep) {
		String zoom = whole + "&start_step=" + zoomStart + "&end_step=" + zoomEnd;
		AtomicLong returned = new AtomicLong();
		Latencies zoomed = time(READ_REQUESTS, () -> this.http.get(zoom), (answer) -> {
			List<double[]> points = sampledPoints(answer);
			returned.set(points.size());
			assertThat(points).hasSizeBetween(HISTORY_MAX_RESULTS, 3 * HISTORY_MAX_RESULTS + 1);
			assertStepOrder(points);
			assertThat(points).allMatch((p) -> p[0] >= zoomStart && p[0] <= zoomEnd);
			assertThat(points).as("the last step asked for").anyMatch((p) -> p[0] == zoomEnd);
			assertThat(points).as("the spike survives downsampling")
				.anyMatch((p) -> p[0] == spikeStep && p[1] == 100.0);
		});
		this.report.result(
				"get-history-bulk-interval, zoomed to steps " + BenchReport.whole(zoomStart) + " to "
						+ BenchReport.whole(zoomEnd) + " (" + returned + " points returned)",
				zoomed.summary(), "", null);
	}

	@Test
	@Order(4)
	void search() {
		assumeTrue(PHASES.contains("search"), "bench.phases");
		long experimentId = seedSearchExperiment("bench-search");
		assertThat(this.db.queryLong("SELECT count(*) FROM runs WHERE experiment_id = ?", experimentId))
			.isEqualTo(SEARCH_RUNS);

		String filter = "metrics.rmse < 0.5 and params.model = 'xgb'";
		String matching = "SELECT r.run_uuid FROM runs r JOIN latest_metrics m ON m.run_id = r.id "
				+ "AND m.metric_key = 'rmse' JOIN run_params p ON p.run_id = r.id AND p.param_key = 'model' "
				+ "WHERE r.experiment_id = ? AND r.lifecycle_stage = 'active' AND m.metric_value < 0.5 "
				+ "AND p.param_value = 'xgb'";
		long matches = this.db.queryLong("SELECT count(*) FROM (" + matching + ") x", experimentId);
		searchVariant("runs/search, filter + order_by metrics.rmse ASC", experimentId, filter, "metrics.rmse ASC",
				matching + " ORDER BY m.metric_value ASC, r.start_time DESC, r.run_uuid LIMIT 100", true);
		searchVariant("runs/search, filter + order_by attributes.start_time DESC", experimentId, filter,
				"attributes.start_time DESC", matching + " ORDER BY r.start_time DESC, r.run_uuid LIMIT 100", true);
		searchVariant("runs/search, no filter, order_by attributes.start_time DESC", experimentId, null,
				"attributes.start_time DESC",
				"SELECT r.run_uuid FROM runs r WHERE r.experiment_id = ? ORDER BY r.start_time DESC, r.run_uuid LIMIT 100",
				false);
		this.report.note(String.format(Locale.ROOT,
				"Search filter `%s` matches %,d of %,d runs; every search asks for max_results=100 and is checked "
						+ "against the same query written by hand.",
				filter, matches, SEARCH_RUNS));
	}

	/** An experiment of {@link #SEARCH_RUNS} runs written by SQL, then vacuumed. */
	private long seedSearchExperiment(String name) {
		long experimentId = createExperiment(name);
		String location = this.db.query("SELECT artifact_location FROM experiments WHERE id = ?", experimentId)
			.get(0)
			.get(0);
		long seeding = System.nanoTime();
		this.db.transaction(SearchData.seed(experimentId, location, SEARCH_RUNS, System.currentTimeMillis()));
		this.db.execute("VACUUM (ANALYZE) runs", "VACUUM (ANALYZE) latest_metrics", "VACUUM (ANALYZE) run_params",
				"VACUUM (ANALYZE) run_tags", "VACUUM (ANALYZE) metrics");
		this.report.note(String.format(Locale.ROOT,
				"Search data: %,d runs (5 latest metrics, 4 params, 4 tags each) written by SQL and vacuumed in %.1f s.",
				SEARCH_RUNS, (System.nanoTime() - seeding) / 1e9));
		this.searchExperiment = experimentId;
		return experimentId;
	}

	/**
	 * The runs page of the web UI, rendered on the server for a browser signed in through
	 * the form: the default page (50 newest runs), then a filtered page sorted by a
	 * metric with three chosen metric columns, over the search experiment's runs.
	 */
	@Test
	@Order(6)
	void page() {
		assumeTrue(PHASES.contains("page"), "bench.phases");
		long experimentId = (this.searchExperiment >= 0) ? this.searchExperiment : seedSearchExperiment("bench-page");
		BenchPages pages = BenchPages.signIn(this.server.baseUrl(), "admin", ADMIN_PASSWORD);
		String path = "/experiments/" + experimentId + "/runs";
		Pattern row = Pattern.compile("<tr[^>]*data-run-id=");
		awaitQuiet("runs page, default");
		Latencies plain = time(PAGE_REQUESTS, () -> pages.get(path), (html) -> {
			assertThat(row.matcher(html).results().count()).as("rows of the default page").isEqualTo(50);
			assertThat(html).contains("id=\"next-page\"");
		});
		this.report.result("runs page, default (50 newest of " + BenchReport.whole(SEARCH_RUNS) + " runs)",
				plain.summary(), "p50 < 300 ms", plain.millis(50) < 300);
		pages.get(path);
		var saved = pages.post(path + "/columns", "columns", "metrics.rmse", "columns", "metrics.mae", "columns",
				"metrics.r2", "back", path);
		assertThat(saved.statusCode()).as("columns saved").isEqualTo(302);
		String filtered = path + "?filter=" + BenchPages.encode("metrics.rmse < 0.5 and params.model = 'xgb'")
				+ "&orderBy=" + BenchPages.encode("metrics.rmse ASC");
		awaitQuiet("runs page, filtered");
		Latencies sorted = time(PAGE_REQUESTS, () -> pages.get(filtered), (html) -> {
			assertThat(row.matcher(html).results().count()).as("rows of the filtered page").isEqualTo(50);
			assertThat(html).contains("data-col=\"metrics.mae\"", "data-col=\"metrics.r2\"")
				.containsPattern("<th[^>]*aria-sort=\"ascending\"[^>]*data-col=\"metrics.rmse\"");
		});
		this.report.result("runs page, filter + order by metrics.rmse ASC + 3 metric columns", sorted.summary(),
				"p50 < 300 ms", sorted.millis(50) < 300);
	}

	private void searchVariant(String name, long experimentId, String filter, String orderBy, String expectedSql,
			boolean filtered) {
		List<String> expected = this.db.query(expectedSql, experimentId).stream().map((row) -> row.get(0)).toList();
		assertThat(expected).hasSize(100);
		awaitQuiet(name);
		Map<String, Object> request = (filter != null)
				? Map.of("experiment_ids", List.of(String.valueOf(experimentId)), "filter", filter, "run_view_type",
						"ACTIVE_ONLY", "max_results", 100, "order_by", List.of(orderBy))
				: Map.of("experiment_ids", List.of(String.valueOf(experimentId)), "run_view_type", "ACTIVE_ONLY",
						"max_results", 100, "order_by", List.of(orderBy));
		byte[] body = BenchHttp.json(request).getBytes(StandardCharsets.UTF_8);
		Latencies latencies = time(SEARCH_REQUESTS, () -> this.http.post(API + "/runs/search", body), (answer) -> {
			JsonNode json = BenchHttp.parse(answer);
			List<String> ids = new ArrayList<>();
			for (JsonNode run : json.path("runs")) {
				ids.add(run.path("info").path("run_id").asString());
				if (filtered) {
					assertThat(param(run, "model")).isEqualTo("xgb");
					assertThat(metric(run, "rmse")).isLessThan(0.5);
				}
			}
			assertThat(ids).as("the page %s returns", name).containsExactlyElementsOf(expected);
			assertThat(json.path("next_page_token").isMissingNode()).as("a next page token").isFalse();
		});
		this.report.result(name + " (" + BenchReport.whole(SEARCH_RUNS) + " runs, max_results=100)",
				latencies.summary(), "p50 < 200 ms", latencies.millis(50) < 200);
		explain(name, experimentId, filter, orderBy);
	}

	/**
	 * EXPLAIN ANALYZE of the query Slipway builds for a search, with a custom plan (the
	 * first executions) and with the generic plan PostgreSQL may switch to once the JDBC
	 * driver prepares the statement on the server.
	 */
	private void explain(String name, long experimentId, String filter, String orderBy) {
		SqlQuery query = RunSearch.sql(List.of(experimentId), ViewType.ACTIVE_ONLY, filter, List.of(orderBy), 0, 101);
		String custom = plan(this.db.query("EXPLAIN (ANALYZE, BUFFERS) " + query.sql(), query.args().toArray()));
		StringBuilder prepared = new StringBuilder();
		int parameter = 0;
		for (char c : query.sql().toCharArray()) {
			if (c == '?') {
				prepared.append('$').append(++parameter);
			}
			else {
				prepared.append(c);
			}
		}
		List<String> literals = query.args().stream().map(TrackingBenchmark::literal).toList();
		this.db.execute("PREPARE bench_search AS " + prepared, "SET plan_cache_mode = force_generic_plan");
		String generic;
		try {
			generic = plan(this.db
				.query("EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_search(" + String.join(", ", literals) + ")"));
		}
		finally {
			this.db.execute("RESET plan_cache_mode", "DEALLOCATE bench_search");
		}
		this.plans.append("=== ")
			.append(name)
			.append("\n")
			.append(query.sql())
			.append("\n-- ")
			.append(query.args())
			.append("\n\n--- custom plan\n")
			.append(custom)
			.append("\n--- generic plan\n")
			.append(generic)
			.append("\n\n");
		this.report.result("  SQL of that search in PostgreSQL (EXPLAIN ANALYZE, custom / generic plan)",
				executionTime(custom) + " / " + executionTime(generic), "", null);
	}

	/**
	 * What authentication adds to a small read: the same {@code runs/get} with an API
	 * token (a SHA-256 lookup) and with HTTP Basic (an Argon2id verification, then a
	 * cached one). Ratios are taken within this run.
	 */
	@Test
	@Order(5)
	void authentication() {
		assumeTrue(PHASES.contains("auth"), "bench.phases");
		long experimentId = createExperiment("bench-auth");
		String runId = createRun(experimentId);
		String path = API + "/runs/get?run_id=" + runId;
		Consumer<String> check = (answer) -> assertThat(answer).contains(runId);
		Latencies token = time(READ_REQUESTS, () -> this.http.get(path), check);
		Latencies basic = time(READ_REQUESTS, () -> this.basicHttp.get(path), check);
		BenchHttp anonymous = this.http.as(null);
		Latencies health = time(READ_REQUESTS, () -> anonymous.get("/actuator/health/liveness"),
				(answer) -> assertThat(answer).contains("UP"));
		this.report.result("runs/get with an API token (Bearer)", token.summary(), "", null);
		this.report.result("runs/get with HTTP Basic (password verified once, then cached)", basic.summary(), "", null);
		this.report.result("  Basic p50 ÷ token p50",
				String.format(Locale.ROOT, "%.2f", basic.millis(50) / token.millis(50)), "", null);
		this.report.result("/actuator/health/liveness without credentials (floor)", health.summary(), "", null);
	}

	/**
	 * Runs {@code warm-up} then {@code count} timed requests, checking every answer
	 * outside the timing.
	 */
	private Latencies time(int count, Callable<String> request, Consumer<String> check) {
		List<Long> nanos = new ArrayList<>(count);
		try {
			for (int i = 0; i < WARMUP_REQUESTS; i++) {
				check.accept(request.call());
			}
			for (int i = 0; i < count; i++) {
				long start = System.nanoTime();
				String answer = request.call();
				nanos.add(System.nanoTime() - start);
				check.accept(answer);
			}
		}
		catch (Exception ex) {
			throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
		}
		return Latencies.of(nanos);
	}

	private BenchDatabase connect() {
		return BenchDatabase.connect(this.jdbcUrl, PostgresTestDatabase.username(), PostgresTestDatabase.password());
	}

	private void awaitQuiet(String phase) {
		double busy = CpuMeter.awaitQuiet(Duration.ofSeconds(QUIET_MAX_SECONDS), QUIET_SHARE);
		if (busy >= QUIET_SHARE) {
			this.report
				.note(String.format(Locale.ROOT, "The machine was still %.0f %% busy after waiting %d s before %s.",
						100 * busy, QUIET_MAX_SECONDS, phase));
		}
	}

	private long createExperiment(String prefix) {
		JsonNode answer = this.http.post(API + "/experiments/create",
				BenchHttp.json(Map.of("name", prefix + "-" + System.nanoTime())));
		return Long.parseLong(answer.path("experiment_id").asString());
	}

	private String createRun(long experimentId) {
		JsonNode answer = this.http.post(API + "/runs/create", BenchHttp.json(Map.of("experiment_id",
				String.valueOf(experimentId), "start_time", System.currentTimeMillis(), "run_name", "bench")));
		return answer.path("run").path("info").path("run_id").asString();
	}

	private void describeMachine() {
		this.report.machine("Date", LocalDateTime.now().withNano(0).toString());
		this.report.machine("Cores (nproc)", String.valueOf(Runtime.getRuntime().availableProcessors()));
		this.report.machine("CPU", firstValue(Path.of("/proc/cpuinfo"), "model name"));
		this.report.machine("Memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
		this.report.machine("OS", firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", ""));
		this.report.machine("Java", System.getProperty("java.vm.name") + " "
				+ System.getProperty("java.runtime.version") + " (server -Xmx" + SERVER_HEAP + ")");
		List<List<String>> settings = this.db.query("SELECT current_setting('server_version'), "
				+ "current_setting('shared_buffers'), current_setting('synchronous_commit'), "
				+ "current_setting('max_wal_size'), current_setting('fsync')");
		List<String> s = settings.get(0);
		this.report.machine("PostgreSQL", s.get(0) + " on the same machine (shared_buffers " + s.get(1)
				+ ", synchronous_commit " + s.get(2) + ", max_wal_size " + s.get(3) + ", fsync " + s.get(4) + ")");
		this.report.machine("Code", codeVersion());
		this.report.machine("Load average before the run", firstLine(Path.of("/proc/loadavg")));
		this.report.machine("Settings",
				"clients " + CLIENTS + ", batch " + BATCH + ", ingest " + INGEST_WARMUP_SECONDS + " s warm-up + "
						+ INGEST_SECONDS + " s, series " + BenchReport.whole(HISTORY_POINTS) + " points, "
						+ BenchReport.whole(SEARCH_RUNS) + " runs, " + WARMUP_REQUESTS + " warm-up + " + SEARCH_REQUESTS
						+ " timed searches, " + READ_REQUESTS + " timed reads");
	}

	/** The commit the packaged jar was built from, as its build recorded it. */
	static String codeVersion() {
		Properties git = new Properties();
		try (InputStream in = TrackingBenchmark.class.getResourceAsStream("/git.properties")) {
			if (in == null) {
				return "unknown";
			}
			git.load(in);
		}
		catch (IOException ex) {
			return "unknown";
		}
		return "commit " + git.getProperty("git.commit.id.abbrev", "?") + " of "
				+ git.getProperty("git.commit.time", "?")
				+ ("true".equals(git.getProperty("git.dirty")) ? " plus uncommitted changes" : "");
	}

	static <T> List<T> runAll(List<Callable<T>> tasks) throws InterruptedException {
		ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
		try {
			List<T> results = new ArrayList<>();
			for (Future<T> future : pool.invokeAll(tasks)) {
				try {
					results.add(future.get());
				}
				catch (ExecutionException ex) {
					if (ex.getCause() instanceof RuntimeException runtime) {
						throw runtime;
					}
					if (ex.getCause() instanceof Error error) {
						throw error;
					}
					throw new IllegalStateException(ex.getCause());
				}
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** {step, value} of each point of a sampled history answer. */
	private static List<double[]> sampledPoints(String answer) {
		List<double[]> points = new ArrayList<>();
		for (JsonNode metric : BenchHttp.parse(answer).path("metrics")) {
			points.add(new double[] { metric.path("step").asLong(), metric.path("value").asDouble() });
		}
		return points;
	}

	private static void assertStepOrder(List<double[]> points) {
		for (int i = 1; i < points.size(); i++) {
			assertThat(points.get(i)[0]).as("steps in order").isGreaterThanOrEqualTo(points.get(i - 1)[0]);
		}
	}

	private static String param(JsonNode run, String key) {
		for (JsonNode param : run.path("data").path("params")) {
			if (key.equals(param.path("key").asString())) {
				return param.path("value").asString();
			}
		}
		return null;
	}

	private static double metric(JsonNode run, String key) {
		for (JsonNode metric : run.path("data").path("metrics")) {
			if (key.equals(metric.path("key").asString())) {
				return metric.path("value").asDouble();
			}
		}
		return Double.NaN;
	}

	private static String plan(List<List<String>> rows) {
		StringBuilder text = new StringBuilder();
		rows.forEach((row) -> text.append(row.get(0)).append('\n'));
		return text.toString();
	}

	private static String executionTime(String plan) {
		Matcher matcher = EXECUTION_TIME.matcher(plan);
		return matcher.find() ? matcher.group(1) + " ms" : "?";
	}

	private static String literal(Object value) {
		return (value instanceof String text) ? "'" + text.replace("'", "''") + "'" : String.valueOf(value);
	}

	private static long ceilDiv(long a, long b) {
		return (a + b - 1) / b;
	}

	static String firstValue(Path file, String name) {
		try {
			for (String line : Files.readAllLines(file)) {
				int separator = line.indexOf(line.contains("=") ? '=' : ':');
				if (separator > 0 && line.substring(0, separator).trim().equals(name)) {
					return line.substring(separator + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// Not Linux: say so in the report rather than fail.
		}
		return "unknown";
	}

	static String firstLine(Path file) {
		try {
			return Files.readAllLines(file).get(0);
		}
		catch (IOException | IndexOutOfBoundsException ex) {
			return "unknown";
		}
	}

	private static void write(Path file, String text) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One ingest client's run and what it sent. */
	private static final class IngestClient {

		private final String runId;

		private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

		private long steps;

		private long points;

		IngestClient(String runId) {
			this.runId = runId;
		}

	}

}
