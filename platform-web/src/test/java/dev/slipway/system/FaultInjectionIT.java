package dev.slipway.system;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slipway.storage.S3TestServer;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.PageSession;
import dev.slipway.web.SlipwayProcess;
import dev.slipway.web.TcpProxy;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar under injected faults, as an operator would meet them: killed with
 * {@code kill -9} during ingest (nothing acknowledged is lost, no batch is half there),
 * its database stopped and started again behind a proxy (503 with {@code Retry-After}
 * within seconds, one log line per change of state, recovery without a restart), and its
 * S3 endpoint hung (artifact calls answered 503 in bounded time while metric logging, the
 * probes and the sign-in page keep answering). Loopback only, every loop bounded.
 */
class FaultInjectionIT {

	private static final Pattern RUN_ID = Pattern.compile("\"run_id\"\\s*:\\s*\"([0-9a-f]+)\"");

	private static final Pattern EXPERIMENT_ID = Pattern.compile("\"experiment_id\"\\s*:\\s*\"(\\d+)\"");

	private static final int LOGGERS = 4;

	private static final int POINTS_PER_BATCH = 250;

	@Test
	void killDuringIngestOnTheEmbeddedDatabaseLosesNoAcknowledgedPoint() throws Exception {
		killDuringIngest(TestFolders.fresh("fault-kill-h2"), new HashMap<>());
	}

	@Test
	@Requires(Requirement.POSTGRESQL)
	void killDuringIngestOnPostgresqlLosesNoAcknowledgedPoint() throws Exception {
		killDuringIngest(TestFolders.fresh("fault-kill-pg"), postgresql(PostgresTestDatabase.jdbcUrl("fault-kill")));
	}

	/**
	 * A soak: 50 loggers, each on its own run, send batches for 60 s. No request fails
	 * and every acknowledged point is stored once.
	 */
	@Test
	@Requires(Requirement.POSTGRESQL)
	void fiftyLoggersForSixtySecondsLoseNothingAndGetNoError() throws Exception {
		int loggers = 50;
		int points = 100;
		try (SlipwayProcess slipway = start(TestFolders.fresh("fault-soak"),
				postgresql(PostgresTestDatabase.jdbcUrl("fault-soak")))) {
			HttpProbe api = admin(slipway);
			String[] runs = new String[loggers];
			for (int i = 0; i < loggers; i++) {
				runs[i] = createRun(api, "soak-" + i);
			}
			long[] acknowledged = new long[loggers];
			AtomicLong errors = new AtomicLong();
			List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
			long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			ExecutorService pool = Executors.newFixedThreadPool(loggers);
			for (int i = 0; i < loggers; i++) {
				int id = i;
				pool.submit(() -> {
					for (int batch = 0; System.nanoTime() < end; batch++) {
						String failure;
						try {
							HttpResponse<String> answer = api.postJson("/api/2.0/mlflow/runs/log-batch",
									batch(runs[id], "loss", batch, points));
							if (answer.statusCode() == 200) {
								acknowledged[id] += points;
								continue;
							}
							failure = answer.statusCode() + " " + answer.body();
						}
						catch (RuntimeException ex) {
							failure = ex.toString();
						}
						errors.incrementAndGet();
						if (firstErrors.size() < 5) {
							firstErrors.add(failure);
						}
					}
				});
			}
			pool.shutdown();
			assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
			assertThat(errors.get()).as("failed requests: %s", firstErrors).isZero();
			long total = 0;
			for (int i = 0; i < loggers; i++) {
				assertThat(historySize(api, runs[i], "loss")).as("points of logger %d", i).isEqualTo(acknowledged[i]);
				total += acknowledged[i];
			}
			System.out.printf("[soak] 50 loggers, 60 s: %,d points acknowledged and stored, 0 errors%n", total);
		}
	}

	/**
	 * Two replicas started together on one empty PostgreSQL schema: migrations run once,
	 * a browser's session and failed sign-ins are seen by both, a token made on one works
	 * on the other and its revocation on one is refused by the other at once, versions
	 * registered concurrently through both are numbered 1..N, and a webhook is delivered
	 * once although both replicas run the dispatcher.
	 */
	@Test
	@Requires(Requirement.POSTGRESQL)
	void twoReplicasOnOnePostgresqlBehaveAsOneServer() throws Exception {
		Map<String, String> settings = postgresql(PostgresTestDatabase.jdbcUrl("fault-replicas"));
		settings.put("SLIPWAY_WEBHOOKS_POLL_INTERVAL", "200ms");
		List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
		com.sun.net.httpserver.HttpServer hooks = com.sun.net.httpserver.HttpServer
			.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
		hooks.createContext("/hook", (exchange) -> {
			received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		hooks.start();
		CompletableFuture<SlipwayProcess> startingB = CompletableFuture
			.supplyAsync(() -> start(TestFolders.fresh("fault-replica-b"), settings));
		try (SlipwayProcess a = start(TestFolders.fresh("fault-replica-a"), settings);
				SlipwayProcess b = startingB.get(240, TimeUnit.SECONDS)) {
			HttpProbe adminA = admin(a);
			HttpProbe adminB = admin(b);
			// Flyway takes its lock per migration, so the two replicas may share the work
			// (A applies some, B the rest): what must hold is that no migration runs
			// twice.
			List<String> applied = new ArrayList<>();
			Matcher migrating = Pattern.compile("Migrating schema \"[^\"]+\" to version \"([^\"]+)\"")
				.matcher(a.output() + "\n" + b.output());
			while (migrating.find()) {
				applied.add(migrating.group(1));
			}
			assertThat(applied).as("each migration ran once, on one replica or the other")
				.isNotEmpty()
				.doesNotHaveDuplicates();

			// A browser behind a round-robin balancer: the sign-in form read from one
			// replica
			// is posted to the other (its CSRF token lives in the shared session), and
			// every
			// page after it alternates.
			PageSession browser = PageSession.roundRobin(a.port(), b.port());
			PageSession.Page signedIn = browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
			assertThat(signedIn.location()).as("sign-in across replicas").isEqualTo("/");
			for (int i = 0; i < 4; i++) {
				PageSession.Page page = browser.get("/account");
				assertThat(page.status()).as("page %d after sign-in, replica %s", i, (i % 2 == 0) ? "A" : "B")
					.isEqualTo(200);
			}
			assertThat(browser.submit("/account", "/logout").location()).isEqualTo("/login?logout");
			assertThat(browser.get("/account").location()).as("signed out on one replica, out on both")
				.isEqualTo("/login");
			assertThat(browser.get("/account").location()).isEqualTo("/login");

			// Failed sign-ins count on both replicas: three wrong passwords spread over A
			// and B,
			// and the fourth is slowed down on either.
			String name = "throttled-" + System.nanoTime();
			assertThat(adminA
				.postJson("/api/v1/users",
						"{\"username\": \"" + name + "\", \"password\": \"" + TestAdmin.PASSWORD
								+ "\", \"role\": \"VIEWER\"}")
				.statusCode()).isIn(200, 201);
			for (int attempt = 1; attempt <= 4; attempt++) {
				SlipwayProcess replica = (attempt % 2 == 0) ? b : a;
				HttpResponse<String> refused = replica.http()
					.basic(name, "wrong-" + attempt)
					.getJson("/api/v1/users/me");
				assertThat(refused.statusCode()).isEqualTo(401);
				assertThat(refused.headers().firstValue("Retry-After").isPresent())
					.as("attempt %d: throttled once three failures are shared", attempt)
					.isEqualTo(attempt > 3);
			}

			HttpResponse<String> created = adminA.postJson("/api/v1/tokens", "{\"name\": \"replicas\"}");
			assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
			String secret = created.body().replaceAll("(?s).*\"secret\"\\s*:\\s*\"([^\"]+)\".*", "$1");
			String tokenId = created.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"?([^\",}]+)\"?.*", "$1");
			assertThat(b.http().bearer(secret).getJson("/api/v1/system").statusCode()).isEqualTo(200);
			assertThat(adminA.send("DELETE", "/api/v1/tokens/" + tokenId).statusCode()).isIn(200, 204);
			assertThat(a.http().bearer(secret).getJson("/api/v1/system").statusCode())
				.as("a token revoked on A is refused by A at once")
				.isEqualTo(401);
			// B trusted it for at most SLIPWAY_TOKEN_CACHE_TTL (500 ms) after it last
			// read it.
			await().atMost(Duration.ofSeconds(2))
				.pollInterval(Duration.ofMillis(50))
				.untilAsserted(() -> assertThat(b.http().bearer(secret).getJson("/api/v1/system").statusCode())
					.as("a token revoked on A is refused by B within the token cache's time")
					.isEqualTo(401));

			String model = "replicated-" + System.nanoTime();
			assertThat(adminA.postJson("/api/2.0/mlflow/registered-models/create", "{\"name\": \"" + model + "\"}")
				.statusCode()).isEqualTo(200);
			HttpResponse<String> webhook = adminB.postJson("/api/v1/models/" + model + "/webhooks",
					"{\"name\": \"once\", \"url\": \"http://127.0.0.1:" + hooks.getAddress().getPort()
							+ "/hook\", \"events\": [\"model_version.created\"]}");
			assertThat(webhook.statusCode()).as(webhook.body()).isIn(200, 201);
			int versions = 20;
			ExecutorService registrations = Executors.newFixedThreadPool(8);
			List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
			for (int i = 0; i < versions; i++) {
				HttpProbe replica = (i % 2 == 0) ? adminA : adminB;
				answers.add(
						CompletableFuture
							.supplyAsync(
									() -> replica.postJson("/api/2.0/mlflow/model-versions/create",
											"{\"name\": \"" + model
													+ "\", \"source\": \"mlflow-artifacts:/models/m\"}"),
									registrations));
			}
			List<Integer> numbers = new ArrayList<>();
			Pattern version = Pattern.compile("\"version\"\\s*:\\s*\"(\\d+)\"");
			for (CompletableFuture<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				Matcher matcher = version.matcher(response.body());
				assertThat(matcher.find()).isTrue();
				numbers.add(Integer.parseInt(matcher.group(1)));
			}
			registrations.shutdown();
			assertThat(numbers).containsExactlyInAnyOrderElementsOf(
					java.util.stream.IntStream.rangeClosed(1, versions).boxed().toList());

			await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= versions);
			Thread.sleep(2000);
			assertThat(received).as("each event delivered once, by one replica").hasSize(versions);
		}
		finally {
			hooks.stop(0);
		}
	}

	@Test
	@Requires(Requirement.POSTGRESQL)
	void aStoppedDatabaseIsAnswered503WithinSecondsAndRecoveredWithoutRestart() throws Exception {
		URI database = URI.create(PostgresTestDatabase.jdbcUrl("fault-outage").substring("jdbc:".length()));
		try (TcpProxy proxy = TcpProxy.start(database.getHost(), database.getPort())) {
			String viaProxy = PostgresTestDatabase.jdbcUrl("fault-outage")
				.replace(database.getHost() + ":" + database.getPort(), "127.0.0.1:" + proxy.port());
			Map<String, String> settings = postgresql(viaProxy);
			settings.put("SLIPWAY_DATABASE_MAXWAIT", "2s");
			try (SlipwayProcess slipway = start(TestFolders.fresh("fault-outage"), settings)) {
				HttpProbe api = admin(slipway);
				String runId = createRun(api, "outage");
				assertThat(logMetric(api, runId, 0).statusCode()).isEqualTo(200);

				proxy.refuse();
				for (int i = 1; i <= 10; i++) {
					long start = System.nanoTime();
					HttpResponse<String> refused = logMetric(api, runId, i);
					assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
					assertThat(refused.body()).contains("\"error_code\":\"TEMPORARILY_UNAVAILABLE\"", "error id");
					assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
				}
				assertThat(slipway.http().get("/actuator/health/liveness", "application/json").statusCode())
					.isEqualTo(200);
				HttpResponse<String> readiness = slipway.http().get("/actuator/health/readiness", "application/json");
				assertThat(readiness.statusCode()).isEqualTo(503);

				proxy.forward();
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> logMetric(api, runId, 100).statusCode() == 200);
				String log = slipway.output();
				assertThat(count(log, "The database is unavailable")).as(log).isEqualTo(1);
				await().atMost(Duration.ofSeconds(15))
					.until(() -> slipway.output().contains("The database is available again after"));
				assertThat(log).doesNotContain("Unexpected failure", "\tat org.postgresql");
			}
		}
	}

	@Test
	void aHungArtifactStoreIsAnswered503WhileTrackingAndTheProbesKeepAnswering() throws Exception {
		try (S3TestServer s3 = S3TestServer.start(TestFolders.fresh("fault-s3-blobs"));
				TcpProxy proxy = TcpProxy.start("127.0.0.1", URI.create(s3.endpoint()).getPort())) {
			s3.createBucket("slipway-faults");
			Map<String, String> settings = new HashMap<>(Map.of("SLIPWAY_ARTIFACTS_URI", "s3://slipway-faults/a",
					"SLIPWAY_S3_ENDPOINT", "http://127.0.0.1:" + proxy.port(), "SLIPWAY_S3_ACCESS_KEY", s3.accessKey(),
					"SLIPWAY_S3_SECRET_KEY", s3.secretKey(), "SLIPWAY_S3_READTIMEOUT", "3s",
					"SLIPWAY_ARTIFACTS_MAXCONCURRENT", "4", "SLIPWAY_HEALTH_TIMEOUT", "1s"));
			try (SlipwayProcess slipway = start(TestFolders.fresh("fault-s3"), settings)) {
				HttpProbe api = admin(slipway);
				String runId = createRun(api, "hung-s3");
				String artifact = "/api/2.0/mlflow-artifacts/artifacts/" + artifactPath(api, runId) + "/model.bin";
				byte[] content = "model bytes".getBytes(StandardCharsets.UTF_8);
				assertThat(api.put(artifact, content, "application/octet-stream").statusCode()).isEqualTo(200);

				proxy.pause();
				ExecutorService downloads = Executors.newFixedThreadPool(12);
				try {
					List<CompletableFuture<TimedAnswer>> inFlight = new ArrayList<>();
					for (int i = 0; i < 12; i++) {
						inFlight
							.add(CompletableFuture.supplyAsync(() -> timed(() -> api.get(artifact, "*/*")), downloads));
					}
					// While the downloads hang on S3: metrics, probes and pages answer.
					Thread.sleep(300);
					TimedAnswer metric = timed(() -> logMetric(api, runId, 1));
					assertThat(metric.response().statusCode()).isEqualTo(200);
					assertThat(metric.took()).isLessThan(Duration.ofSeconds(2));
					TimedAnswer liveness = timed(
							() -> slipway.http().get("/actuator/health/liveness", "application/json"));
					assertThat(liveness.response().statusCode()).isEqualTo(200);
					assertThat(liveness.took()).isLessThan(Duration.ofSeconds(1));
					TimedAnswer signIn = timed(() -> slipway.http().get("/login", "text/html"));
					assertThat(signIn.response().statusCode()).isEqualTo(200);
					TimedAnswer readiness = timed(
							() -> slipway.http().get("/actuator/health/readiness", "application/json"));
					assertThat(readiness.response().statusCode()).isEqualTo(503);
					assertThat(readiness.took()).isLessThan(Duration.ofSeconds(3));

					int busy = 0;
					for (CompletableFuture<TimedAnswer> download : inFlight) {
						TimedAnswer answer = download.get(30, TimeUnit.SECONDS);
						assertThat(answer.response().statusCode()).as(answer.response().body()).isEqualTo(503);
						assertThat(answer.response().headers().firstValue("Retry-After")).isPresent();
						assertThat(answer.took()).isLessThan(Duration.ofSeconds(10));
						busy += answer.response().body().contains("is busy") ? 1 : 0;
					}
					assertThat(busy).as("downloads beyond the bound of 4 refused at once").isGreaterThanOrEqualTo(8);
				}
				finally {
					downloads.shutdownNow();
				}

				proxy.forward();
				await().atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> api.get(artifact, "*/*").statusCode() == 200);
				assertThat(api.get(artifact, "*/*").body()).isEqualTo("model bytes");
				assertThat(count(slipway.output(), "The artifact store is unavailable")).isEqualTo(1);
			}
		}
	}

	/**
	 * Loggers send batches of {@value #POINTS_PER_BATCH} points as fast as the server
	 * takes them; the server is killed mid-stream and started again on the same data.
	 * Every point of an acknowledged batch must be there, and every batch whole or
	 * absent.
	 */
	private static void killDuringIngest(Path workDir, Map<String, String> settings) throws Exception {
		long[] acknowledged = new long[LOGGERS];
		String runId;
		try (SlipwayProcess slipway = start(workDir, settings)) {
			HttpProbe api = admin(slipway);
			runId = createRun(api, "kill");
			AtomicBoolean stop = new AtomicBoolean();
			AtomicLong answered = new AtomicLong();
			ExecutorService loggers = Executors.newFixedThreadPool(LOGGERS);
			for (int logger = 0; logger < LOGGERS; logger++) {
				int id = logger;
				loggers.submit(() -> {
					for (int batch = 0; !stop.get() && batch < 2000; batch++) {
						try {
							HttpResponse<String> response = api.postJson("/api/2.0/mlflow/runs/log-batch",
									batch(runId, "loss-" + id, batch, POINTS_PER_BATCH));
							if (response.statusCode() != 200) {
								break;
							}
							acknowledged[id] = (batch + 1L) * POINTS_PER_BATCH;
							answered.incrementAndGet();
						}
						catch (RuntimeException ex) {
							// The server died under this request: not acknowledged.
							break;
						}
					}
				});
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= 40);
			slipway.kill();
			stop.set(true);
			loggers.shutdown();
			assertThat(loggers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		}
		try (SlipwayProcess restarted = start(workDir, settings)) {
			HttpProbe api = admin(restarted);
			for (int logger = 0; logger < LOGGERS; logger++) {
				long stored = historySize(api, runId, "loss-" + logger);
				assertThat(stored).as("points of logger %d", logger).isGreaterThanOrEqualTo(acknowledged[logger]);
				assertThat(stored % POINTS_PER_BATCH).as("no half-written batch").isZero();
			}
		}
	}

	private static String batch(String runId, String key, int batch, int points) {
		StringBuilder json = new StringBuilder("{\"run_id\":\"").append(runId).append("\",\"metrics\":[");
		for (int i = 0; i < points; i++) {
			long step = (long) batch * points + i;
			json.append((i > 0) ? "," : "")
				.append("{\"key\":\"")
				.append(key)
				.append("\",\"value\":")
				.append(step * 0.5)
				.append(",\"timestamp\":")
				.append(1_700_000_000_000L + step)
				.append(",\"step\":")
				.append(step)
				.append('}');
		}
		return json.append("]}").toString();
	}

	private static long historySize(HttpProbe api, String runId, String key) {
		long count = 0;
		String token = null;
		Pattern next = Pattern.compile("\"next_page_token\"\\s*:\\s*\"([^\"]+)\"");
		for (int page = 0; page < 100; page++) {
			String path = "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=" + key
					+ "&max_results=25000" + ((token != null) ? "&page_token=" + token : "");
			HttpResponse<String> response = api.getJson(path);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			count += count(response.body(), "\"step\"");
			Matcher matcher = next.matcher(response.body());
			if (!matcher.find()) {
				return count;
			}
			token = java.net.URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8);
		}
		throw new AssertionError("history of " + key + " did not end");
	}

	private static Map<String, String> postgresql(String jdbcUrl) {
		return new HashMap<>(Map.of("SLIPWAY_DATABASE_URL", jdbcUrl, "SLIPWAY_DATABASE_USERNAME",
				PostgresTestDatabase.username(), "SLIPWAY_DATABASE_PASSWORD", PostgresTestDatabase.password()));
	}

	private static SlipwayProcess start(Path workDir, Map<String, String> settings) {
		int port = SlipwayProcess.freePort();
		Map<String, String> environment = new HashMap<>(settings);
		environment.put("SLIPWAY_PORT", String.valueOf(port));
		environment.put("SLIPWAY_ADMIN_PASSWORD", TestAdmin.PASSWORD);
		return SlipwayProcess.start(workDir, environment, port).awaitReady();
	}

	private static HttpProbe admin(SlipwayProcess slipway) {
		return slipway.http().basic(TestAdmin.USERNAME, TestAdmin.PASSWORD);
	}

	private static String createRun(HttpProbe api, String name) {
		HttpResponse<String> experiment = api.postJson("/api/2.0/mlflow/experiments/create",
				"{\"name\":\"" + name + "-" + System.nanoTime() + "\"}");
		Matcher experimentId = EXPERIMENT_ID.matcher(experiment.body());
		assertThat(experimentId.find()).as(experiment.body()).isTrue();
		HttpResponse<String> run = api.postJson("/api/2.0/mlflow/runs/create",
				"{\"experiment_id\":\"" + experimentId.group(1) + "\"}");
		Matcher runId = RUN_ID.matcher(run.body());
		assertThat(runId.find()).as(run.body()).isTrue();
		return runId.group(1);
	}

	/** The run's artifact folder as the artifact proxy names it. */
	private static String artifactPath(HttpProbe api, String runId) {
		HttpResponse<String> run = api.getJson("/api/2.0/mlflow/runs/get?run_id=" + runId);
		Matcher uri = Pattern.compile("\"artifact_uri\"\\s*:\\s*\"mlflow-artifacts:/([^\"]+)\"").matcher(run.body());
		assertThat(uri.find()).as(run.body()).isTrue();
		return uri.group(1);
	}

	private static HttpResponse<String> logMetric(HttpProbe api, String runId, long step) {
		return api.postJson("/api/2.0/mlflow/runs/log-metric", "{\"run_id\":\"" + runId
				+ "\",\"key\":\"m\",\"value\":1.5,\"timestamp\":1700000000000,\"step\":" + step + "}");
	}

	private static int count(String text, String needle) {
		int count = 0;
		for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
			count++;
		}
		return count;
	}

	private static TimedAnswer timed(java.util.function.Supplier<HttpResponse<String>> call) {
		long start = System.nanoTime();
		HttpResponse<String> response = call.get();
		return new TimedAnswer(response, Duration.ofNanos(System.nanoTime() - start));
	}

	private record TimedAnswer(HttpResponse<String> response, Duration took) {
	}

}
