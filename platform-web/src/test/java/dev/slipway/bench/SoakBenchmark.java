package dev.slipway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.web.SlipwayProcess;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A soak: 50 concurrent MLflow loggers, each a training loop on a run of its own, send
 * {@code runs/log-batch} requests (10 metrics at each of 10 steps, and every tenth
 * request a parameter and a tag) for {@code bench.soak.seconds} (600 by default) to the
 * packaged server on PostgreSQL. Each interval ({@code bench.soak.interval.seconds}, 60)
 * reports points/s, request p50/p99, errors, the server's resident memory (from
 * {@code /proc}), its JVM heap in use (from {@code /actuator/prometheus}) and the CPU of
 * the server and of PostgreSQL. At the end every acknowledged point and parameter must be
 * in the database, once, and no request may have failed. Run by
 * {@code ./mvnw -B -pl platform-web -am -Pbenchmark -DskipTests verify -Dit.test=SoakBenchmark};
 * the figures land in {@code target/benchmarks/soak.md}.
 */
@Requires(Requirement.POSTGRESQL)
class SoakBenchmark {

	private static final int LOGGERS = Integer.getInteger("bench.soak.loggers", 50);

	private static final long SECONDS = Long.getLong("bench.soak.seconds", 600);

	private static final long INTERVAL_SECONDS = Long.getLong("bench.soak.interval.seconds", 60);

	private static final String SERVER_HEAP = BenchServer.heap("1g");

	private static final int STEPS = 10;

	private static final String[] KEYS = IntStream.range(0, 10)
		.mapToObj((i) -> String.format(Locale.ROOT, "metric_%02d", i))
		.toArray(String[]::new);

	private static final Pattern HEAP_USED = Pattern
		.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\}\\s+([0-9.eE+-]+)");

	private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");

	private final Path outputDir = Path.of("target", "benchmarks").toAbsolutePath();

	/** One row of the report: what happened during one interval. */
	record Interval(long endSecond, double pointsPerSecond, Latencies latencies, long errors, long rssBytes,
			long heapBytes, CpuMeter.Usage cpu) {
	}

	@Test
	void fiftyLoggersLoseNothingAndGetNoError() throws Exception {
		String jdbcUrl = PostgresTestDatabase.jdbcUrl("soak");
		Path workDir = this.outputDir.resolve("soak-work");
		BenchReport report = new BenchReport("Soak benchmark");
		List<Interval> intervals = new ArrayList<>();
		try (SlipwayProcess server = BenchServer.start(workDir, jdbcUrl, SERVER_HEAP, Map.of());
				BenchDatabase db = BenchDatabase.connect(jdbcUrl, PostgresTestDatabase.username(),
						PostgresTestDatabase.password())) {
			// Loggers authenticate as MLflow clients with MLFLOW_TRACKING_TOKEN do: an
			// editor's API token, checked on every request.
			BenchHttp admin = BenchServer.admin(server);
			BenchServer.Editor editor = BenchServer.editor(admin, "soak", "soak");
			BenchHttp http = editor.http();
			String user = editor.name();
			String experiment = http.post("/api/2.0/mlflow/experiments/create", "{\"name\": \"" + user + "\"}")
				.get("experiment_id")
				.asString();
			String[] runs = new String[LOGGERS];
			for (int i = 0; i < LOGGERS; i++) {
				runs[i] = http
					.post("/api/2.0/mlflow/runs/create",
							"{\"experiment_id\": \"" + experiment + "\", \"run_name\": \"logger-" + i + "\"}")
					.get("run")
					.get("info")
					.get("run_id")
					.asString();
			}

			AtomicLong[] points = new AtomicLong[LOGGERS];
			AtomicLong[] params = new AtomicLong[LOGGERS];
			AtomicLong totalPoints = new AtomicLong();
			AtomicLong errors = new AtomicLong();
			List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
			AtomicReference<ConcurrentLinkedQueue<Long>> latencies = new AtomicReference<>(
					new ConcurrentLinkedQueue<>());
			long started = System.nanoTime();
			long end = started + TimeUnit.SECONDS.toNanos(SECONDS);
			ExecutorService pool = Executors.newFixedThreadPool(LOGGERS);
			for (int i = 0; i < LOGGERS; i++) {
				int id = i;
				points[id] = new AtomicLong();
				params[id] = new AtomicLong();
				pool.submit(() -> log(http, runs[id], id, end, points[id], params[id], totalPoints, errors, firstErrors,
						latencies));
			}
			pool.shutdown();

			CpuMeter cpu = new CpuMeter(server.pid());
			CpuMeter.Sample first = cpu.sample();
			CpuMeter.Sample before = first;
			long pointsBefore = 0;
			long errorsBefore = 0;
			long next = started;
			boolean done = false;
			while (!done) {
				next = Math.min(next + TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS), end);
				pool.awaitTermination(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (System.nanoTime() >= end) {
					// The last requests in flight finish inside the last interval.
					assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).as("loggers stopped").isTrue();
					done = true;
				}
				CpuMeter.Sample now = cpu.sample();
				ConcurrentLinkedQueue<Long> timed = latencies.getAndSet(new ConcurrentLinkedQueue<>());
				long pointsNow = totalPoints.get();
				long errorsNow = errors.get();
				CpuMeter.Usage usage = CpuMeter.between(before, now);
				if (!timed.isEmpty()) {
					Interval interval = new Interval(TimeUnit.NANOSECONDS.toSeconds(now.nanos() - started),
							(pointsNow - pointsBefore) / usage.seconds(), Latencies.of(timed), errorsNow - errorsBefore,
							rss(server.pid()), heap(admin), usage);
					intervals.add(interval);
					System.out.println("[soak] " + row(interval));
				}
				before = now;
				pointsBefore = pointsNow;
				errorsBefore = errorsNow;
			}
			double seconds = (System.nanoTime() - started) / 1e9;

			report.machine("CPU cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
			report.machine("server heap", SERVER_HEAP);
			report.machine("loggers", LOGGERS + " (one run each, no pause between requests)");
			report.machine("request", STEPS + " steps × " + KEYS.length
					+ " metrics = 100 points; every tenth request also a parameter and a tag");
			report.result("duration", BenchReport.format(seconds) + " s", "", null);
			report.result("points acknowledged", BenchReport.whole(totalPoints.get()), "", null);
			report.result("throughput", BenchReport.whole(totalPoints.get() / seconds) + " points/s", "", null);
			report.result("failed requests", String.valueOf(errors.get()), "0", errors.get() == 0);
			report.cpu("soak, " + LOGGERS + " loggers", CpuMeter.between(first, before));

			// Everything acknowledged is stored, once.
			long stored = 0;
			for (int i = 0; i < LOGGERS; i++) {
				long count = db.queryLong(
						"SELECT count(*) FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.run_uuid = ?", runs[i]);
				assertThat(count).as("points of logger %d", i).isEqualTo(points[i].get());
				assertThat(db.queryLong(
						"SELECT count(*) FROM run_params p JOIN runs r ON r.id = p.run_id WHERE r.run_uuid = ?",
						runs[i]))
					.as("parameters of logger %d", i)
					.isEqualTo(params[i].get());
				stored += count;
			}
			report.result("points stored = acknowledged", BenchReport.whole(stored), "all", true);
			write(report, intervals);
			assertThat(errors.get()).as("failed requests, the first: %s", firstErrors).isZero();
			assertThat(totalPoints.get()).as("points acknowledged").isPositive();
		}
	}

	/**
	 * One training loop until {@code end}: a batch of metrics per request, and every
	 * tenth request a new parameter and the epoch tag.
	 */
	private static void log(BenchHttp http, String run, int id, long end, AtomicLong points, AtomicLong params,
			AtomicLong totalPoints, AtomicLong errors, List<String> firstErrors,
			AtomicReference<ConcurrentLinkedQueue<Long>> latencies) {
		SplittableRandom random = new SplittableRandom(id);
		long epoch = System.currentTimeMillis();
		for (long batch = 0; System.nanoTime() < end; batch++) {
			byte[] body;
			boolean withParam = batch % 10 == 9;
			if (withParam) {
				body = ("{\"run_id\":\"" + run + "\",\"params\":[{\"key\":\"p_" + batch + "\",\"value\":\"" + batch
						+ "\"}],\"tags\":[{\"key\":\"epoch\",\"value\":\"" + batch + "\"}]}")
					.getBytes(StandardCharsets.UTF_8);
			}
			else {
				body = MetricBatches.trainingSteps(run, KEYS, batch * STEPS, STEPS, epoch, random);
			}
			long start = System.nanoTime();
			try {
				http.post("/api/2.0/mlflow/runs/log-batch", body);
				latencies.get().add(System.nanoTime() - start);
				if (withParam) {
					params.incrementAndGet();
				}
				else {
					points.addAndGet((long) STEPS * KEYS.length);
					totalPoints.addAndGet((long) STEPS * KEYS.length);
				}
			}
			catch (AssertionError | RuntimeException ex) {
				errors.incrementAndGet();
				if (firstErrors.size() < 5) {
					firstErrors.add(ex.getMessage());
				}
			}
		}
	}

	private static long rss(long pid) {
		try {
			Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
			return rss.find() ? Long.parseLong(rss.group(1)) * 1024 : -1;
		}
		catch (IOException ex) {
			// Not Linux: the report says n/a.
			return -1;
		}
	}

	/** The heap in use, summed over the heap's pools, from the Prometheus scrape. */
	private static long heap(BenchHttp admin) {
		Matcher used = HEAP_USED.matcher(admin.get("/actuator/prometheus"));
		double sum = 0;
		boolean found = false;
		while (used.find()) {
			sum += Double.parseDouble(used.group(1));
			found = true;
		}
		return found ? (long) sum : -1;
	}

	private static String row(Interval interval) {
		return String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %d | %s | %s | %.2f | %.2f |",
				interval.endSecond(), BenchReport.whole(interval.pointsPerSecond()), interval.latencies().millis(50),
				interval.latencies().millis(99), interval.errors(), megabytes(interval.rssBytes()),
				megabytes(interval.heapBytes()), interval.cpu().server(), interval.cpu().postgres());
	}

	private static String megabytes(long bytes) {
		return (bytes < 0) ? "n/a" : String.valueOf(bytes >> 20);
	}

	private void write(BenchReport report, List<Interval> intervals) {
		StringBuilder md = new StringBuilder(report.markdown());
		md.append("\n## Over time\n\nEach row is one interval of ")
			.append(INTERVAL_SECONDS)
			.append(" s (the last may be shorter); CPU in cores.\n\n")
			.append("| s | points/s | p50 ms | p99 ms | errors | server RSS MB | heap used MB | Slipway CPU "
					+ "| PostgreSQL CPU |\n|---|---|---|---|---|---|---|---|---|\n");
		intervals.forEach((interval) -> md.append(row(interval)).append('\n'));
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
		for (Path file : List.of(this.outputDir.resolve("soak.md"), this.outputDir.resolve("soak-" + stamp + ".md"))) {
			try {
				Files.createDirectories(file.getParent());
				Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		System.out.println(md);
	}

}
