package dev.slipway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

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
 * Slipway against its peers in one run on one machine, all on the same PostgreSQL:
 * <ol>
 * <li>a real MLflow server ({@code pip install mlflow} into a virtual environment of the
 * harness's own, cached under {@code ~/.cache/slipway-bench}), {@code --workers 2};</li>
 * <li>FastTrackML, an MLflow-compatible server in Go, when
 * {@code -Dbench.peer.fasttrackml} names its binary (the harness never builds it);</li>
 * <li>the {@code psql \copy} ceiling of the rows Slipway stored.</li>
 * </ol>
 * The write phase drives every server with TrackingBenchmark's ingest load in alternating
 * slices, so a busy spell of a shared machine falls on all of them; the search phase
 * writes the same runs by SQL into Slipway's and MLflow's schemas (10,000, then 100,000)
 * and times {@code runs/search} on both, comparing their answers. The peer databases
 * ({@code mlflow_peer}, {@code fasttrackml_peer} on the server of
 * {@code SLIPWAY_TEST_DATABASE_URL}) are emptied first. Run by
 * {@code ./mvnw -B -pl platform-web -am -Pbenchmark -DskipTests verify -Dit.test=PeerBenchmark};
 * the figures land in {@code target/benchmarks/peer.md}.
 */
@Requires(Requirement.POSTGRESQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeerBenchmark {

	private static final String API = "/api/2.0/mlflow";

	private static final int CLIENTS = Integer.getInteger("bench.clients", 8);

	/** Metrics per log-batch request (MLflow's maximum). */
	private static final int BATCH = Integer.getInteger("bench.batch.size", 1000);

	private static final int INGEST_KEYS = Integer.getInteger("bench.ingest.keys", 10);

	/**
	 * Warm-up of each server before the measured slices. A JVM on two saturated cores
	 * compiles for more than a minute before its steady state; Go and Python servers have
	 * no such phase.
	 */
	private static final long WARMUP_SECONDS = Long.getLong("bench.ingest.warmup.seconds", 90);

	/**
	 * The first seconds of the warm-up, measured and reported apart: each server's first
	 * load since it started (idle until then), the JIT compiling.
	 */
	private static final long COLD_SECONDS = Long.getLong("bench.ingest.cold.seconds", 30);

	/** The longest wait for PostgreSQL's autovacuum workers before a slice. */
	private static final long AUTOVACUUM_MAX_SECONDS = Long.getLong("bench.autovacuum.max.seconds", 180);

	/** Measured seconds of load on each server, all slices together. */
	private static final long INGEST_SECONDS = Long.getLong("bench.ingest.seconds", 30);

	/** Slices each server's measured load is cut into, taken in turn. */
	private static final int SLICES = Integer.getInteger("bench.peer.slices", 3);

	/** Run counts the search phase grows through, ascending. */
	private static final List<Integer> SEARCH_RUNS = Stream
		.of(System.getProperty("bench.peer.search.runs", "10000,100000").split(","))
		.map(String::trim)
		.map(Integer::valueOf)
		.toList();

	private static final int SEARCH_REQUESTS = Integer.getInteger("bench.search.requests", 50);

	private static final int WARMUP_REQUESTS = Integer.getInteger("bench.warmup.requests", 5);

	/**
	 * Requests of every search query that Slipway alone gets at each size before any is
	 * timed: a JVM compiles its search path over the first hundreds of requests, and
	 * without them the first size measured (the smallest) pays for it. MLflow's Python
	 * has nothing to compile; it keeps its alternating warm-up.
	 */
	private static final int SLIPWAY_SEARCH_WARMUP = Integer.getInteger("bench.search.warmup.slipway", 300);

	private static final String MLFLOW_VERSION = System.getProperty("bench.peer.mlflow.version", "3.17.2");

	private static final String MLFLOW_WORKERS = System.getProperty("bench.peer.mlflow.workers", "2");

	/** The Python that creates MLflow's virtual environment. */
	private static final String PYTHON = System.getProperty("bench.peer.python", "python3");

	private static final Path MLFLOW_VENV = Path.of(System.getProperty("bench.peer.mlflow.venv",
			Path.of(System.getProperty("user.home"), ".cache", "slipway-bench", "mlflow-" + MLFLOW_VERSION)
				.toString()));

	private static final String MLFLOW_DATABASE = System.getProperty("bench.peer.mlflow.database", "mlflow_peer");

	/** FastTrackML's binary; blank leaves it out. */
	private static final String FASTTRACKML = System.getProperty("bench.peer.fasttrackml", "").trim();

	private static final String FASTTRACKML_DATABASE = System.getProperty("bench.peer.fasttrackml.database",
			"fasttrackml_peer");

	/** The phases to run: write (with the COPY ceiling), search. */
	private static final List<String> PHASES = List.of(System.getProperty("bench.phases", "write,search").split(","));

	private static final String SERVER_HEAP = BenchServer.heap("1g");

	/**
	 * The transport of every server's PostgreSQL connections and of psql, the same for
	 * all ({@code disable}: plain TCP on loopback; {@code require}: TLS). FastTrackML's
	 * URL took {@code sslmode=disable} while Slipway's JDBC and MLflow's libpq negotiated
	 * TLS, and Java's AES-GCM then cost Slipway a fifth of its CPU per point.
	 */
	private static final String SSL_MODE = System.getProperty("bench.peer.sslmode", "disable");

	private static final long QUIET_MAX_SECONDS = Long.getLong("bench.quiet.max.seconds", 60);

	private static final double QUIET_SHARE = 0.10;

	private static final Pattern EXECUTION_TIME = Pattern.compile("Execution Time: ([0-9.]+) ms");

	private final BenchReport report = new BenchReport("Slipway against MLflow and FastTrackML", "server");

	private final StringBuilder plans = new StringBuilder();

	private final Path outputDir = Path.of("target", "benchmarks").toAbsolutePath();

	private final Path workDir = this.outputDir.resolve("work").resolve("peer");

	private final List<Peer> peers = new ArrayList<>();

	private Peer slipway;

	private Peer mlflow;

	private String jdbcUrl;

	@BeforeAll
	void start() throws Exception {
		String shared = PostgresTestDatabase.jdbcUrl();
		this.jdbcUrl = shared + (shared.contains("?") ? "&" : "?") + "sslmode=" + SSL_MODE;
		BenchDatabase slipwayDb = BenchDatabase.connect(this.jdbcUrl, PostgresTestDatabase.username(),
				PostgresTestDatabase.password());
		describeMachine(slipwayDb);
		this.slipway = startSlipway(slipwayDb);
		this.peers.add(this.slipway);
		this.mlflow = startMlflow();
		this.peers.add(this.mlflow);
		if (!FASTTRACKML.isEmpty()) {
			this.peers.add(startFastTrackMl());
		}
		else {
			this.report.note("FastTrackML left out: no -Dbench.peer.fasttrackml=<binary>.");
		}
	}

	@AfterAll
	void finish() {
		for (Peer peer : this.peers) {
			peer.close();
		}
		String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
		this.report.write(this.outputDir.resolve("peer.md"));
		this.report.write(this.outputDir.resolve("peer-" + stamp + ".md"));
		write(this.outputDir.resolve("peer-plans.txt"), this.plans.toString());
		System.out.println(this.report.markdown());
	}

	private Peer startSlipway(BenchDatabase db) {
		Path dir = this.workDir.resolve("slipway");
		SlipwayProcess process = BenchServer.start(dir, this.jdbcUrl, SERVER_HEAP, Map.of());
		// Clients authenticate as in TrackingBenchmark: an editor's API token.
		BenchHttp editor = BenchServer.editor(BenchServer.admin(process), "bench", "benchmark").http();
		return new Peer("Slipway", editor, db, new CpuMeter(process.pid()), process::close,
				"SELECT count(*) FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.run_uuid IN (%s)",
				"SELECT count(*) FROM latest_metrics m JOIN runs r ON r.id = m.run_id WHERE r.run_uuid IN (%s)");
	}

	private Peer startMlflow() throws Exception {
		Path mlflowBin = MLFLOW_VENV.resolve("bin").resolve("mlflow");
		// SQLAlchemy 2.1 reads postgresql:// as psycopg 3, which mlflow does not pull in.
		List<String> requirements = List.of("mlflow==" + MLFLOW_VERSION, "psycopg[binary]");
		Path installed = MLFLOW_VENV.resolve("slipway-bench-requirements.txt");
		if (!Files.isRegularFile(installed) || !Files.readString(installed).equals(String.join("\n", requirements))) {
			// Created once and kept: installing MLflow takes minutes.
			System.out.println("[bench] installing " + requirements + " into " + MLFLOW_VENV);
			if (!Files.isExecutable(MLFLOW_VENV.resolve("bin").resolve("pip"))) {
				run(Duration.ofMinutes(2), PYTHON, "-m", "venv", MLFLOW_VENV.toString());
			}
			List<String> pip = new ArrayList<>(
					List.of(MLFLOW_VENV.resolve("bin").resolve("pip").toString(), "install", "--quiet"));
			pip.addAll(requirements);
			run(Duration.ofMinutes(30), pip.toArray(String[]::new));
			Files.writeString(installed, String.join("\n", requirements));
		}
		String version = run(Duration.ofMinutes(2), mlflowBin.toString(), "--version").trim();
		assertThat(version).as("the MLflow of " + MLFLOW_VENV).endsWith(MLFLOW_VERSION);
		String python = run(Duration.ofMinutes(1), MLFLOW_VENV.resolve("bin").resolve("python").toString(), "--version")
			.trim();
		BenchDatabase db = emptied(MLFLOW_DATABASE);
		Path dir = this.workDir.resolve("mlflow");
		Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
		int port = SlipwayProcess.freePort();
		PeerProcess process = PeerProcess
			.start("mlflow",
					List.of(mlflowBin.toString(), "server", "--backend-store-uri",
							databaseUri("postgresql", MLFLOW_DATABASE, "?sslmode=" + SSL_MODE),
							"--default-artifact-root", artifacts.toUri().toString(), "--no-serve-artifacts", "--host",
							"127.0.0.1", "--port", String.valueOf(port), "--workers", MLFLOW_WORKERS),
					Map.of("PYTHONUNBUFFERED", "1"), dir, port)
			.awaitReady("/health");
		this.report.machine("MLflow", version + " (" + python + ", psycopg 3, `mlflow server --workers "
				+ MLFLOW_WORKERS + "`, in the virtual environment " + MLFLOW_VENV + ")");
		return new Peer("MLflow", new BenchHttp(process.baseUrl(), null), db, CpuMeter.ofTree(process.pid()),
				process::close, "SELECT count(*) FROM metrics WHERE run_uuid IN (%s)",
				"SELECT count(*) FROM latest_metrics WHERE run_uuid IN (%s)");
	}

	private Peer startFastTrackMl() throws Exception {
		Path binary = Path.of(FASTTRACKML).toAbsolutePath();
		String version = run(Duration.ofMinutes(1), binary.toString(), "--version").trim();
		BenchDatabase db = emptied(FASTTRACKML_DATABASE);
		Path dir = this.workDir.resolve("fasttrackml");
		Path artifacts = Files.createDirectories(dir.resolve("artifacts"));
		int port = SlipwayProcess.freePort();
		PeerProcess process = PeerProcess
			.start("fasttrackml",
					List.of(binary.toString(), "server", "--listen-address", "127.0.0.1:" + port, "--database-uri",
							databaseUri("postgres", FASTTRACKML_DATABASE, "?sslmode=" + SSL_MODE),
							"--default-artifact-root", artifacts.toString()),
					Map.of(), dir, port)
			.awaitReady("/health");
		this.report.machine("FastTrackML", version + " (" + binary + ")");
		return new Peer("FastTrackML", new BenchHttp(process.baseUrl(), null), db, CpuMeter.ofTree(process.pid()),
				process::close, "SELECT count(*) FROM metrics WHERE run_uuid IN (%s)",
				"SELECT count(*) FROM latest_metrics WHERE run_uuid IN (%s)");
	}

	/**
	 * Empties the peer database {@code name} (its public schema), so that every run
	 * starts from the same migrated, empty schema.
	 */
	private BenchDatabase emptied(String name) {
		BenchDatabase db = connectTo(name);
		db.execute("DROP SCHEMA IF EXISTS public CASCADE", "CREATE SCHEMA public");
		return db;
	}

	/** The server of SLIPWAY_TEST_DATABASE_URL. */
	private URI databaseServer() {
		return URI.create(this.jdbcUrl.substring("jdbc:".length()));
	}

	private String databaseJdbcUrl(String name) {
		URI server = databaseServer();
		return "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + name;
	}

	/**
	 * The peer's database URI with the test database's credentials, which
	 * SLIPWAY_TEST_DATABASE_URL may carry as {@code user} and {@code password}
	 * parameters.
	 */
	private String databaseUri(String scheme, String name, String query) {
		URI server = databaseServer();
		String user = PostgresTestDatabase.username();
		String password = PostgresTestDatabase.password();
		for (String parameter : String.valueOf(server.getRawQuery()).split("&")) {
			String[] pair = parameter.split("=", 2);
			if (pair.length == 2 && pair[0].equals("user") && user.isEmpty()) {
				user = URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
			}
			if (pair.length == 2 && pair[0].equals("password") && password.isEmpty()) {
				password = URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
			}
		}
		return scheme + "://" + URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(password, StandardCharsets.UTF_8) + "@" + server.getHost() + ":" + server.getPort()
				+ "/" + name + query;
	}

	/** A JDBC connection to the peer database {@code name}. */
	private BenchDatabase connectTo(String name) {
		URI uri = URI.create(databaseUri("postgresql", name, ""));
		String[] credentials = uri.getRawUserInfo().split(":", 2);
		return BenchDatabase.connect(databaseJdbcUrl(name), URLDecoder.decode(credentials[0], StandardCharsets.UTF_8),
				URLDecoder.decode(credentials[1], StandardCharsets.UTF_8));
	}

	@Test
	@Order(1)
	void write() throws Exception {
		assumeTrue(PHASES.contains("write"), "bench.phases");
		for (Peer peer : this.peers) {
			peer.createIngestRuns();
		}
		awaitQuiet("the write phase");
		long cold = Math.min(COLD_SECONDS, WARMUP_SECONDS);
		for (Peer peer : this.peers) {
			if (cold > 0) {
				awaitAutovacuum(peer.name + "'s first seconds");
				CpuMeter.awaitQuiet(Duration.ofSeconds(10), QUIET_SHARE);
				peer.cold = peer.ingest(cold, false);
			}
			peer.ingest(WARMUP_SECONDS - cold, false);
		}
		long slice = Math.max(1, INGEST_SECONDS / SLICES);
		for (int round = 0; round < SLICES; round++) {
			for (Peer peer : this.peers) {
				// Another server's points set autovacuum going; its CPU would count as
				// this server's PostgreSQL share.
				awaitAutovacuum("a slice of " + peer.name);
				CpuMeter.awaitQuiet(Duration.ofSeconds(10), QUIET_SHARE);
				peer.ingest(slice, true);
			}
		}
		for (Peer peer : this.peers) {
			String ids = peer.ingestRunIds();
			assertThat(peer.db.queryLong(peer.countMetricsSql.formatted(ids)))
				.as("%s: points stored = points acknowledged", peer.name)
				.isEqualTo(peer.sentPoints);
			assertThat(peer.db.queryLong(peer.countLatestSql.formatted(ids)))
				.as("%s: latest metrics of its runs", peer.name)
				.isEqualTo((long) CLIENTS * INGEST_KEYS);
			this.report.result(
					peer.name + ": log-batch ingest, " + CLIENTS + " clients × " + BATCH + " metrics/request, " + SLICES
							+ " slices of " + slice + " s",
					BenchReport.whole(peer.pointsPerSecond()) + " points/s", "", null);
			this.report.result("  " + peer.name + ": request latency", Latencies.of(peer.latencies).summary(), "",
					null);
			CpuMeter.Usage usage = peer.cpuUsage();
			// CPU per point does not depend on how much of the machine others took.
			this.report.result("  " + peer.name + ": CPU per 1,000 points (server / PostgreSQL)",
					String.format(Locale.ROOT, "%.1f / %.1f core-ms", 1e6 * usage.server() / peer.pointsPerSecond(),
							1e6 * usage.postgres() / peer.pointsPerSecond()),
					"", null);
			this.report.cpu(
					peer.name + " ingest (" + BenchReport.format(peer.measuredSeconds) + " s in " + SLICES + " slices)",
					usage);
		}
		if (this.slipway.cold != null) {
			for (Peer peer : this.peers) {
				Slice first = peer.cold;
				this.report.result(
						peer.name + ": the first " + BenchReport.format(first.seconds()) + " s of load after its start",
						BenchReport.whole(first.pointsPerSecond()) + " points/s, CPU per 1,000 points "
								+ String.format(Locale.ROOT, "%.1f / %.1f core-ms",
										1e6 * first.usage().server() / first.pointsPerSecond(),
										1e6 * first.usage().postgres() / first.pointsPerSecond()),
						"", null);
			}
			for (Peer peer : this.peers) {
				if (peer != this.slipway) {
					this.report.result(
							"  Slipway ÷ " + peer.name + " in the first seconds (no target)", String.format(Locale.ROOT,
									"%.1f", this.slipway.cold.pointsPerSecond() / peer.cold.pointsPerSecond()),
							"", null);
				}
			}
		}
		double rate = this.slipway.pointsPerSecond();
		double vsMlflow = rate / this.mlflow.pointsPerSecond();
		this.report.result("Slipway ÷ MLflow (ingest)", String.format(Locale.ROOT, "%.1f", vsMlflow), "≥ 10",
				vsMlflow >= 10);
		this.peers.stream().filter((peer) -> peer.name.equals("FastTrackML")).findFirst().ifPresent((fml) -> {
			double vsFml = rate / fml.pointsPerSecond();
			this.report.result("Slipway ÷ FastTrackML (ingest)", String.format(Locale.ROOT, "%.1f", vsFml), "≥ 3",
					vsFml >= 3);
		});
		copyCeiling(rate);
		this.report.note(String.format(Locale.ROOT,
				"Write phase: each server got %d s of warm-up (the first %d s of it measured apart), then the slices "
						+ "in turn (%s), each after PostgreSQL's autovacuum workers had finished; points/s divides the "
						+ "points acknowledged in a server's slices by their wall time (until its last request "
						+ "returned). Every server was checked to store every point it acknowledged.",
				WARMUP_SECONDS, Math.min(COLD_SECONDS, WARMUP_SECONDS),
				this.peers.stream().map((peer) -> peer.name).collect(Collectors.joining(", "))));
	}

	/**
	 * The rows Slipway stored in the write phase, exported to CSV and loaded with
	 * {@code psql \copy} into a table shaped like {@code metrics}, as TrackingBenchmark
	 * does.
	 */
	private void copyCeiling(double restRate) {
		BenchDatabase db = this.slipway.db;
		Path csv = this.workDir.resolve("ingest-points.csv");
		db.psql("\\copy (SELECT m.run_id, m.metric_key, m.metric_value, m.timestamp_ms, m.step FROM metrics m "
				+ "JOIN runs r ON r.id = m.run_id WHERE r.run_uuid IN (" + this.slipway.ingestRunIds() + ")) TO '" + csv
				+ "' WITH (FORMAT csv)");
		db.execute("DROP TABLE IF EXISTS bench_copy_metrics",
				"CREATE TABLE bench_copy_metrics (LIKE metrics INCLUDING ALL)");
		String options = db.query(
				"SELECT coalesce(array_to_string(reloptions, ', '), '') FROM pg_class WHERE oid = 'metrics'::regclass")
			.get(0)
			.get(0);
		if (!options.isEmpty()) {
			db.execute("ALTER TABLE bench_copy_metrics SET (" + options + ")");
		}
		try {
			awaitQuiet("COPY");
			CpuMeter.Sample before = this.slipway.cpu.sample();
			String output = db.psql("\\timing on", "SELECT pg_backend_pid()",
					"\\copy bench_copy_metrics (run_id, metric_key, metric_value, timestamp_ms, step) FROM '" + csv
							+ "' WITH (FORMAT csv)");
			CpuMeter.awaitGone(BenchDatabase.psqlNumber(output));
			CpuMeter.Usage usage = CpuMeter.between(before, this.slipway.cpu.sample());
			long rows = db.queryLong("SELECT count(*) FROM bench_copy_metrics");
			assertThat(rows).as("rows copied").isEqualTo(this.slipway.sentPoints);
			double rowsPerSecond = rows / BenchDatabase.psqlSeconds(output);
			double ratio = restRate / rowsPerSecond;
			this.report.result("psql \\copy of the " + BenchReport.whole(rows) + " rows Slipway stored (ceiling)",
					BenchReport.whole(rowsPerSecond) + " rows/s", "", null);
			this.report.result("Slipway ÷ COPY", String.format(Locale.ROOT, "%.2f", ratio), "≥ 0.5", ratio >= 0.5);
			this.report.cpu("psql \\copy", usage);
		}
		finally {
			db.execute("DROP TABLE IF EXISTS bench_copy_metrics");
			try {
				Files.deleteIfExists(csv);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	@Test
	@Order(2)
	void search() {
		assumeTrue(PHASES.contains("search"), "bench.phases");
		String prefix = "bench-peer-" + Long.toHexString(System.nanoTime());
		long firstStartTime = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(30);
		long slipwayExperiment = this.slipway.createExperiment("bench-peer-search");
		long mlflowExperiment = this.mlflow.createExperiment("bench-peer-search");
		String slipwayLocation = this.slipway.db
			.query("SELECT artifact_location FROM experiments WHERE id = ?", slipwayExperiment)
			.get(0)
			.get(0);
		String mlflowLocation = this.mlflow.db
			.query("SELECT artifact_location FROM experiments WHERE experiment_id = ?", (int) mlflowExperiment)
			.get(0)
			.get(0);
		List<SearchQuery> queries = List.of(
				new SearchQuery("(a) filter + order_by metrics.rmse ASC", "metrics.rmse < 0.5 and params.model = 'xgb'",
						"metrics.rmse ASC", 100),
				new SearchQuery("(b) no filter, newest first", null, null, 100),
				new SearchQuery("(c) no filter, newest first", null, null, 1000));
		Map<String, Latencies[]> slipwayTimes = new LinkedHashMap<>();
		int seeded = 0;
		for (int size : SEARCH_RUNS) {
			long seeding = System.nanoTime();
			this.slipway.db.transaction(PeerSearchData.slipway(slipwayExperiment, slipwayLocation, prefix, seeded + 1,
					size, firstStartTime));
			this.mlflow.db.transaction(
					PeerSearchData.mlflow(mlflowExperiment, mlflowLocation, prefix, seeded + 1, size, firstStartTime));
			this.slipway.db.execute("VACUUM (ANALYZE) runs", "VACUUM (ANALYZE) latest_metrics",
					"VACUUM (ANALYZE) run_params", "VACUUM (ANALYZE) run_tags", "VACUUM (ANALYZE) metrics");
			this.mlflow.db.execute("VACUUM (ANALYZE) runs", "VACUUM (ANALYZE) latest_metrics",
					"VACUUM (ANALYZE) params", "VACUUM (ANALYZE) tags", "VACUUM (ANALYZE) metrics");
			seeded = size;
			assertThat(
					this.slipway.db.queryLong("SELECT count(*) FROM runs WHERE experiment_id = ?", slipwayExperiment))
				.isEqualTo(size);
			assertThat(this.mlflow.db.queryLong("SELECT count(*) FROM runs WHERE experiment_id = ?",
					(int) mlflowExperiment))
				.isEqualTo(size);
			this.report.note(String.format(Locale.ROOT,
					"Search data: %,d runs in each schema (5 latest metrics, 4 params, 4 tags each), written by SQL "
							+ "and vacuumed in %.1f s.",
					size, (System.nanoTime() - seeding) / 1e9));
			awaitQuiet("Slipway's search warm-up");
			for (int i = 0; i < SLIPWAY_SEARCH_WARMUP; i++) {
				for (SearchQuery query : queries) {
					timed(this.slipway, query.body(slipwayExperiment), query.maxResults);
				}
			}
			for (int q = 0; q < queries.size(); q++) {
				SearchQuery query = queries.get(q);
				awaitQuiet("runs/search " + query.name);
				Latencies times = timeSearch(query, size, slipwayExperiment, mlflowExperiment);
				slipwayTimes.computeIfAbsent(query.name + ", max_results=" + query.maxResults,
						(key) -> new Latencies[SEARCH_RUNS.size()])[SEARCH_RUNS.indexOf(size)] = times;
				explain(query, size, slipwayExperiment);
			}
		}
		int largest = SEARCH_RUNS.size() - 1;
		// Two p50s of 50 requests each differ by a millisecond or so by chance alone: a
		// query is slower with fewer runs when the bootstrap interval of the difference
		// lies above zero.
		slipwayTimes.forEach((query, times) -> {
			for (int i = 0; i < largest; i++) {
				double[] interval = times[i].medianDifferenceInterval(times[largest], 0.90, 10_000, 42);
				double difference = times[i].millis(50) - times[largest].millis(50);
				boolean slower = interval[0] > 0;
				this.report.result(
						String.format(Locale.ROOT, "Slipway's %s: p50 at %,d runs − p50 at %,d runs", query,
								SEARCH_RUNS.get(i), SEARCH_RUNS.get(largest)),
						String.format(Locale.ROOT, "%+.1f ms (90 %% bootstrap interval %+.1f … %+.1f ms)", difference,
								interval[0], interval[1]),
						"not slower with fewer runs", !slower);
			}
		});
	}

	/**
	 * Times one search on both servers, request by request in turn, after checking that
	 * both answer the same runs in the same order; returns Slipway's times.
	 */
	private Latencies timeSearch(SearchQuery query, int size, long slipwayExperiment, long mlflowExperiment) {
		byte[] slipwayBody = query.body(slipwayExperiment);
		byte[] mlflowBody = query.body(mlflowExperiment);
		List<String> slipwayIds = runIds(this.slipway.http.post(API + "/runs/search", slipwayBody));
		List<String> mlflowIds = runIds(this.mlflow.http.post(API + "/runs/search", mlflowBody));
		assertThat(slipwayIds).as("Slipway's answer to %s", query.name).hasSize(query.maxResults);
		assertThat(slipwayIds).as("Slipway and MLflow answer %s with the same runs", query.name)
			.containsExactlyElementsOf(mlflowIds);
		List<Long> slipwayNanos = new ArrayList<>();
		List<Long> mlflowNanos = new ArrayList<>();
		for (int i = 0; i < WARMUP_REQUESTS + SEARCH_REQUESTS; i++) {
			long slipwayTime = timed(this.slipway, slipwayBody, query.maxResults);
			long mlflowTime = timed(this.mlflow, mlflowBody, query.maxResults);
			if (i >= WARMUP_REQUESTS) {
				slipwayNanos.add(slipwayTime);
				mlflowNanos.add(mlflowTime);
			}
		}
		Latencies slipwayLatencies = Latencies.of(slipwayNanos);
		Latencies mlflowLatencies = Latencies.of(mlflowNanos);
		double ratio = mlflowLatencies.millis(50) / slipwayLatencies.millis(50);
		String what = "runs/search " + query.name + ", max_results=" + query.maxResults + ", " + BenchReport.whole(size)
				+ " runs";
		boolean largest = size == SEARCH_RUNS.get(SEARCH_RUNS.size() - 1);
		this.report.result(what + ": Slipway", slipwayLatencies.summary(), "", null);
		this.report.result(what + ": MLflow", mlflowLatencies.summary(), "", null);
		this.report.result("  MLflow p50 ÷ Slipway p50", String.format(Locale.ROOT, "%.1f", ratio),
				largest ? "≥ 10" : "", largest ? ratio >= 10 : null);
		return slipwayLatencies;
	}

	private long timed(Peer peer, byte[] body, int expected) {
		long start = System.nanoTime();
		String answer = peer.http.post(API + "/runs/search", body);
		long nanos = System.nanoTime() - start;
		assertThat(BenchHttp.parse(answer).path("runs").size()).as("runs %s returned", peer.name).isEqualTo(expected);
		return nanos;
	}

	private static List<String> runIds(String answer) {
		List<String> ids = new ArrayList<>();
		for (JsonNode run : BenchHttp.parse(answer).path("runs")) {
			ids.add(run.path("info").path("run_id").asString());
		}
		return ids;
	}

	/**
	 * EXPLAIN ANALYZE of the SQL Slipway builds for {@code query}, into peer-plans.txt:
	 * with a custom plan (the first executions) and with the generic plan PostgreSQL may
	 * switch to once the JDBC driver prepares the statement on the server.
	 */
	private void explain(SearchQuery query, int size, long experimentId) {
		SqlQuery sql = RunSearch.sql(List.of(experimentId), ViewType.ACTIVE_ONLY, query.filter,
				(query.orderBy != null) ? List.of(query.orderBy) : List.of(), 0, query.maxResults + 1);
		BenchDatabase db = this.slipway.db;
		String custom = plan(db.query("EXPLAIN (ANALYZE, BUFFERS) " + sql.sql(), sql.args().toArray()));
		StringBuilder prepared = new StringBuilder();
		int parameter = 0;
		for (char c : sql.sql().toCharArray()) {
			prepared.append((c == '?') ? "$" + (++parameter) : String.valueOf(c));
		}
		String literals = sql.args()
			.stream()
			.map((value) -> (value instanceof String text) ? "'" + text.replace("'", "''") + "'"
					: String.valueOf(value))
			.collect(Collectors.joining(", "));
		db.execute("PREPARE bench_peer_search AS " + prepared, "SET plan_cache_mode = force_generic_plan");
		String generic;
		try {
			generic = plan(db.query("EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_peer_search"
					+ (literals.isEmpty() ? "" : "(" + literals + ")")));
		}
		finally {
			db.execute("RESET plan_cache_mode", "DEALLOCATE bench_peer_search");
		}
		this.plans.append("=== ")
			.append(query.name)
			.append(", max_results=")
			.append(query.maxResults)
			.append(", ")
			.append(size)
			.append(" runs\n")
			.append(sql.sql())
			.append("\n-- ")
			.append(sql.args())
			.append("\n\n--- custom plan\n")
			.append(custom)
			.append("\n--- generic plan\n")
			.append(generic)
			.append("\n\n");
		this.report.result("  Slipway's SQL in PostgreSQL (EXPLAIN ANALYZE, custom / generic plan)",
				executionTime(custom) + " / " + executionTime(generic), "", null);
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

	private void awaitQuiet(String phase) {
		double busy = CpuMeter.awaitQuiet(Duration.ofSeconds(QUIET_MAX_SECONDS), QUIET_SHARE);
		if (busy >= QUIET_SHARE) {
			this.report
				.note(String.format(Locale.ROOT, "The machine was still %.0f %% busy after waiting %d s before %s.",
						100 * busy, QUIET_MAX_SECONDS, phase));
		}
	}

	private void describeMachine(BenchDatabase db) {
		this.report.machine("Date", LocalDateTime.now().withNano(0).toString());
		this.report.machine("Cores (nproc)", String.valueOf(Runtime.getRuntime().availableProcessors()));
		this.report.machine("CPU", TrackingBenchmark.firstValue(Path.of("/proc/cpuinfo"), "model name"));
		this.report.machine("Memory", TrackingBenchmark.firstValue(Path.of("/proc/meminfo"), "MemTotal"));
		this.report.machine("Java", System.getProperty("java.vm.name") + " "
				+ System.getProperty("java.runtime.version") + " (Slipway -Xmx" + SERVER_HEAP + ")");
		List<String> s = db
			.query("SELECT current_setting('server_version'), current_setting('shared_buffers'), "
					+ "current_setting('synchronous_commit'), current_setting('max_wal_size')")
			.get(0);
		this.report.machine("PostgreSQL",
				s.get(0) + " on the same machine, one server for all (shared_buffers " + s.get(1)
						+ ", synchronous_commit " + s.get(2) + ", max_wal_size " + s.get(3)
						+ "), every client (the three servers, psql) with sslmode=" + SSL_MODE);
		this.report.machine("Slipway", TrackingBenchmark.codeVersion());
		this.report.machine("Load average before the run", TrackingBenchmark.firstLine(Path.of("/proc/loadavg")));
		this.report.machine("Settings",
				"clients " + CLIENTS + ", batch " + BATCH + " (" + INGEST_KEYS + " keys × " + BATCH / INGEST_KEYS
						+ " steps), " + WARMUP_SECONDS + " s warm-up + " + INGEST_SECONDS + " s per server in " + SLICES
						+ " slices; search at " + SEARCH_RUNS + " runs, " + WARMUP_REQUESTS + " warm-up (Slipway "
						+ SLIPWAY_SEARCH_WARMUP + " more of each query first) + " + SEARCH_REQUESTS
						+ " timed requests per query and server, alternating");
	}

	/** The output of a short command; fails on a non-zero exit. */
	private static String run(Duration timeout, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
		}
		return output;
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

	/** One of the three searches timed on both servers. */
	private record SearchQuery(String name, String filter, String orderBy, int maxResults) {

		byte[] body(long experimentId) {
			Map<String, Object> request = new LinkedHashMap<>();
			request.put("experiment_ids", List.of(String.valueOf(experimentId)));
			if (this.filter != null) {
				request.put("filter", this.filter);
			}
			request.put("run_view_type", "ACTIVE_ONLY");
			request.put("max_results", this.maxResults);
			if (this.orderBy != null) {
				request.put("order_by", List.of(this.orderBy));
			}
			return BenchHttp.json(request).getBytes(StandardCharsets.UTF_8);
		}

	}

	/**
	 * A tracking server under the same load: its MLflow API, its database (to check what
	 * it stored), the CPU of its processes and what was sent to it.
	 */
	private static final class Peer implements AutoCloseable {

		private final String name;

		private final BenchHttp http;

		private final BenchDatabase db;

		private final CpuMeter cpu;

		private final AutoCloseable process;

		/** Counts the metric rows of a list of run ids ({@code %s}). */
		private final String countMetricsSql;

		private final String countLatestSql;

		private final String[] runIds = new String[CLIENTS];

		private final long[] steps = new long[CLIENTS];

		private final String[] keys = IntStream.range(0, INGEST_KEYS)
			.mapToObj((i) -> String.format(Locale.ROOT, "metric_%02d", i))
			.toArray(String[]::new);

		private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

		private final double[] cpuCoreSeconds = new double[5];

		private long sentPoints;

		private long measuredPoints;

		private double measuredSeconds;

		private long epochMillis;

		/** The first seconds of load after the server's start, measured apart. */
		private Slice cold;

		Peer(String name, BenchHttp http, BenchDatabase db, CpuMeter cpu, AutoCloseable process, String countMetricsSql,
				String countLatestSql) {
			this.name = name;
			this.http = http;
			this.db = db;
			this.cpu = cpu;
			this.process = process;
			this.countMetricsSql = countMetricsSql;
			this.countLatestSql = countLatestSql;
		}

		long createExperiment(String prefix) {
			JsonNode answer = this.http.post(API + "/experiments/create",
					BenchHttp.json(Map.of("name", prefix + "-" + System.nanoTime())));
			return Long.parseLong(answer.path("experiment_id").asString());
		}

		void createIngestRuns() {
			long experimentId = createExperiment("bench-peer-ingest");
			this.epochMillis = System.currentTimeMillis();
			for (int c = 0; c < CLIENTS; c++) {
				this.runIds[c] = this.http
					.post(API + "/runs/create",
							BenchHttp.json(Map.of("experiment_id", String.valueOf(experimentId), "start_time",
									System.currentTimeMillis(), "run_name", "bench")))
					.path("run")
					.path("info")
					.path("run_id")
					.asString();
			}
		}

		/** The ingest runs' ids as an SQL list. */
		String ingestRunIds() {
			return Stream.of(this.runIds).map((id) -> "'" + id + "'").collect(Collectors.joining(", "));
		}

		/**
		 * {@code seconds} of load from every client, each continuing its run's steps;
		 * measured slices count towards the figures.
		 */
		Slice ingest(long seconds, boolean measured) throws Exception {
			int stepsPerBatch = BATCH / INGEST_KEYS;
			long pointsPerBatch = (long) stepsPerBatch * INGEST_KEYS;
			CpuMeter.Sample before = this.cpu.sample();
			long start = System.nanoTime();
			long until = start + TimeUnit.SECONDS.toNanos(seconds);
			List<Callable<Long>> clients = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				int client = c;
				SplittableRandom random = new SplittableRandom(this.steps[c] * 31 + c);
				clients.add(() -> {
					long points = 0;
					while (System.nanoTime() < until) {
						byte[] body = MetricBatches.trainingSteps(this.runIds[client], this.keys, this.steps[client],
								stepsPerBatch, this.epochMillis, random);
						long sent = System.nanoTime();
						this.http.post(API + "/runs/log-batch", body);
						if (measured) {
							this.latencies.add(System.nanoTime() - sent);
						}
						this.steps[client] += stepsPerBatch;
						points += pointsPerBatch;
					}
					return points;
				});
			}
			long points = TrackingBenchmark.runAll(clients).stream().mapToLong(Long::longValue).sum();
			double elapsed = (System.nanoTime() - start) / 1e9;
			CpuMeter.Usage usage = CpuMeter.between(before, this.cpu.sample());
			this.sentPoints += points;
			Slice slice = new Slice(points, elapsed, usage);
			if (measured) {
				this.measuredPoints += points;
				this.measuredSeconds += elapsed;
				double[] cores = { usage.server(), usage.postgres(), usage.harness(), usage.other(), usage.machine() };
				for (int i = 0; i < cores.length; i++) {
					this.cpuCoreSeconds[i] += cores[i] * usage.seconds();
				}
			}
			return slice;
		}

		double pointsPerSecond() {
			return this.measuredPoints / this.measuredSeconds;
		}

		/** CPU of all measured slices together, in cores. */
		CpuMeter.Usage cpuUsage() {
			double s = this.measuredSeconds;
			double[] c = this.cpuCoreSeconds;
			return new CpuMeter.Usage(s, c[0] / s, c[1] / s, c[2] / s, c[3] / s, c[4] / s,
					Runtime.getRuntime().availableProcessors());
		}

		@Override
		public void close() {
			try {
				this.process.close();
			}
			catch (Exception ex) {
				System.out.println("[bench] stopping " + this.name + " failed: " + ex);
			}
			this.db.close();
		}

	}

	/** Load on one server for a while: points acknowledged, wall seconds, CPU. */
	private record Slice(long points, double seconds, CpuMeter.Usage usage) {

		double pointsPerSecond() {
			return this.points / this.seconds;
		}

	}

	/**
	 * Waits (up to {@code bench.autovacuum.max.seconds}) until no autovacuum worker of
	 * the PostgreSQL server runs, noting in the report when one still did.
	 */
	private void awaitAutovacuum(String phase) {
		String sql = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'";
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AUTOVACUUM_MAX_SECONDS);
		long running = this.slipway.db.queryLong(sql);
		while (running > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			running = this.slipway.db.queryLong(sql);
		}
		if (running > 0) {
			this.report.note(String.format(Locale.ROOT, "%d autovacuum worker(s) still ran after %d s before %s.",
					running, AUTOVACUUM_MAX_SECONDS, phase));
		}
	}

}
