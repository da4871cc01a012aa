package dev.slipway.serving;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.slipway.storage.S3TestServer;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.PageSession;
import dev.slipway.web.SlipwayProcess;
import dev.slipway.web.TestAdmin;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Serving end to end through the packaged jar, as {@code examples/serving} says: the real
 * {@code mlflow} client registers a scikit-learn model converted with skl2onnx and a
 * pyfunc model only Python can run ({@code train_onnx.py}, {@code log_pyfunc.py}); both
 * are deployed over REST and canaried from 10% to 100% with their gates passing, the
 * pyfunc on the supervised {@code mlflow models serve}; a candidate that fails and one
 * that is slow are rolled back by the gates, with the reason in the audit trail and a
 * webhook sent; a shadow reports its disagreement; an A/B split keeps a key on one
 * version; the ONNX deployment's predictions reach its monitor. The same flows run on the
 * embedded default and on PostgreSQL with S3. The Python environment comes from
 * {@code SLIPWAY_E2E_PYTHON} ({@code .ci/python-env}); without it the class is skipped
 * with one line.
 */
@Requires(Requirement.PYTHON)
class ServingExampleIT {

	@Nested
	class OnTheEmbeddedDefault extends ServingFlows {

		@Override
		SlipwayProcess start(Path workDir, Map<String, String> settings, int port) {
			return SlipwayProcess.start(workDir, settings, port);
		}

	}

	@Nested
	@Requires(Requirement.POSTGRESQL)
	class OnPostgresqlAndS3 extends ServingFlows {

		@Override
		SlipwayProcess start(Path workDir, Map<String, String> settings, int port) {
			S3TestServer s3 = closeAfterAll(S3TestServer.start(TestFolders.fresh("it-serving-s3")));
			s3.createBucket("slipway-serving");
			Map<String, String> production = new HashMap<>(settings);
			// A schema of its own: the model names must not meet other tests' rows.
			production.put("SLIPWAY_DATABASE_URL", PostgresTestDatabase.jdbcUrl("serving-example-it"));
			production.put("SLIPWAY_DATABASE_USERNAME", PostgresTestDatabase.username());
			production.put("SLIPWAY_DATABASE_PASSWORD", PostgresTestDatabase.password());
			production.put("SLIPWAY_ARTIFACTS_URI", "s3://slipway-serving/artifacts");
			production.put("SLIPWAY_S3_ENDPOINT", s3.endpoint());
			production.put("SLIPWAY_S3_REGION", "us-east-1");
			production.put("SLIPWAY_S3_ACCESS_KEY", s3.accessKey());
			production.put("SLIPWAY_S3_SECRET_KEY", s3.secretKey());
			return SlipwayProcess.start(workDir, production, port);
		}

	}

	/**
	 * The flows, each a test against one server that the subclass starts once for all of
	 * them, with the example's models registered once: {@value #ONNX} versions 1 to 3
	 * ({@code C} 1.0, 0.5 and 0.01) and {@value #PYFUNC} versions 1 to 4 (good, good,
	 * raises, slow). Each test deploys under names of its own.
	 */
	@TestInstance(Lifecycle.PER_CLASS)
	abstract static class ServingFlows {

		static final JsonMapper JSON = JsonMapper.builder().build();

		private static final Pattern SECRET = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"");

		private static final String ONNX = "iris-onnx";

		private static final String PYFUNC = "iris-pyfunc";

		private static final String COLUMNS = "[\"sepal_length\", \"sepal_width\", \"petal_length\", \"petal_width\"]";

		/**
		 * How long a rollout may take: a 2-core CI machine shared with other builds
		 * starts an {@code mlflow models serve} in many seconds.
		 */
		private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(4);

		private final List<AutoCloseable> resources = new ArrayList<>();

		private final Random random = new Random(7);

		private Path workDir;

		private SlipwayProcess slipway;

		private HttpProbe api;

		private String token;

		/**
		 * Starts the server under test in {@code workDir} with {@code settings} and more
		 * of its own.
		 */
		abstract SlipwayProcess start(Path workDir, Map<String, String> settings, int port);

		/**
		 * Closes {@code resource} after the tests, after the server (in reverse order).
		 */
		<T extends AutoCloseable> T closeAfterAll(T resource) {
			this.resources.add(resource);
			return resource;
		}

		@BeforeAll
		void startTheServerAndRegisterTheExamplesModels() throws Exception {
			this.workDir = TestFolders.fresh("it-serving-" + getClass().getSimpleName());
			int port = SlipwayProcess.freePort();
			Map<String, String> settings = new HashMap<>();
			settings.put("SLIPWAY_PORT", String.valueOf(port));
			settings.put("SLIPWAY_ADMIN_PASSWORD", TestAdmin.PASSWORD);
			// Rollouts checked, statistics shared, predictions sent to monitoring and
			// webhooks sent within a second, not the production seconds.
			settings.put("SLIPWAY_SERVING_ROLLOUT_INTERVAL", "500ms");
			settings.put("SLIPWAY_SERVING_STATS_INTERVAL", "500ms");
			settings.put("SLIPWAY_SERVING_PREDICTION_FLUSH_INTERVAL", "500ms");
			settings.put("SLIPWAY_WEBHOOKS_POLL_INTERVAL", "200ms");
			// The model servers run in the environment that has mlflow, as the README
			// says.
			settings.put("SLIPWAY_SERVING_PYTHON", python());
			this.slipway = closeAfterAll(start(this.workDir, settings, port).awaitReady());
			this.token = newToken(this.slipway.http());
			this.api = this.slipway.http().bearer(this.token);

			// Both scripts at once: each is mostly the interpreter importing its
			// libraries.
			Process onnx = example("train_onnx.py", "--C", "1.0", "0.5", "0.01");
			Process pyfunc = example("log_pyfunc.py", "--kind", "good", "good", "raises", "slow");
			awaitExample(onnx, "train_onnx.py");
			awaitExample(pyfunc, "log_pyfunc.py");
		}

		@AfterAll
		void stopTheServer() throws Exception {
			List<AutoCloseable> reversed = new ArrayList<>(this.resources);
			Collections.reverse(reversed);
			for (AutoCloseable resource : reversed) {
				resource.close();
			}
		}

		@Test
		void anOnnxAndAPyfuncModelAreCanariedFromTenToAHundredPercentAndThePredictionsReachTheMonitor() {
			long monitor = json(this.api.postJson("/api/v1/models/" + ONNX + "/monitors", """
					{"name": "iris-predictions", "window": "day", "time_zone": "UTC",
					 "schema": {"columns": [{"name": "sepal_length", "kind": "numerical"},
					                        {"name": "sepal_width", "kind": "numerical"},
					                        {"name": "petal_length", "kind": "numerical"},
					                        {"name": "petal_width", "kind": "numerical"},
					                        {"name": "species", "kind": "categorical"}],
					            "prediction": "species", "prediction_id": "prediction_id", "timestamp": "timestamp",
					            "task": "classification"}}""")).path("id").asLong();
			deploy("iris", ONNX, 1, "\"options\": {\"monitor_id\": " + monitor + "}");
			deploy("petals", PYFUNC, 1, null);
			// Runtime auto: the pyfunc holds no ONNX, so a supervised model server
			// answers for it.
			assertThat(modelServers()).as("the server's child processes")
				.anyMatch((command) -> command.contains("mlflow models serve"));

			String canary = """
					{"version": "2", "strategy": "canary",
					 "steps": [{"weight": 10, "pause_seconds": 1}, {"weight": 50, "pause_seconds": 1},
					           {"weight": 100, "pause_seconds": 0}],
					 "gates": {"interval_seconds": 1, "min_requests": 5, "max_error_rate": 0.01, "max_p99_ms": %d}}""";
			json(this.api.postJson("/api/v1/deployments/iris/rollouts", canary.formatted(500)));
			// A generous p99: here the gate is to pass, on a busy machine too.
			json(this.api.postJson("/api/v1/deployments/petals/rollouts", canary.formatted(5000)));

			Map<String, Set<String>> seen = Map.of("iris", new HashSet<>(), "petals", new HashSet<>());
			int[] irisRows = { 0 };
			awaitRollouts(List.of("iris", "petals"),
					(deployment) -> deployment.path("phase").asString().equals("stable"), () -> {
						for (String name : List.of("iris", "petals")) {
							HttpResponse<String> answer = predict(name, irisRows(4), null);
							assertThat(answer.statusCode()).as(name + ": " + answer.body()).isEqualTo(200);
							if (name.equals("iris")) {
								irisRows[0] += 4;
							}
							seen.get(name).add(answer.headers().firstValue("X-Model-Version").orElseThrow());
						}
					});

			for (String name : List.of("iris", "petals")) {
				JsonNode deployment = deployment(name);
				assertThat(deployment.path("stable_version").asInt()).as(name).isEqualTo(2);
				assertThat(deployment.path("previous_version").asInt()).as(name).isEqualTo(1);
				assertThat(seen.get(name)).as(name + ": versions that answered").containsExactlyInAnyOrder("1", "2");
				List<JsonNode> changes = history(name);
				assertThat(changes).as(name + ": " + changes)
					.anyMatch((c) -> c.path("action").asString().equals("deployment.rollout_started")
							&& c.path("candidate_weight").asDouble() == 10.0)
					.anyMatch((c) -> c.path("action").asString().equals("deployment.step_advanced")
							&& c.path("candidate_weight").asDouble() == 50.0)
					.anyMatch((c) -> c.path("action").asString().equals("deployment.promoted")
							&& c.path("actor").asString().equals("slipway"));
			}

			// Every row the ONNX deployment answered is in today's window of its
			// monitor.
			JsonNode window = await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> lastWindow(monitor), (last) -> last.path("rows").asLong() == irisRows[0]);
			assertThat(window.toString()).contains("petal_length", "species");
			// ... and on the monitor's page, as a signed-in browser sees it.
			PageSession.Page page = PageSession.admin(this.slipway.port()).get("/monitoring/" + monitor);
			assertThat(page.status()).as(page.body()).isEqualTo(200);
			assertThat(page.body()).contains("iris-predictions", "petal_length", irisRows[0] + " rows");
		}

		@Test
		void aCandidateThatFailsIsRolledBackByItsErrorRateGateWithTheReasonAuditedAndAWebhookSent() {
			try (WebhookReceiver receiver = WebhookReceiver.start()) {
				String secret = subscribe(receiver, "broken-releases");
				deploy("petals-broken", PYFUNC, 1, null);

				// Version 3 raises on every prediction.
				json(this.api.postJson("/api/v1/deployments/petals-broken/rollouts", """
						{"version": "3", "strategy": "canary",
						 "steps": [{"weight": 50, "pause_seconds": 30}, {"weight": 100, "pause_seconds": 0}],
						 "gates": {"interval_seconds": 1, "min_requests": 5, "max_error_rate": 0.05}}"""));
				JsonNode failed = awaitRolloutEnded("petals-broken");
				assertThat(failed.path("phase").asString()).as(failed.toPrettyString()).isEqualTo("aborted");
				assertThat(failed.path("stable_version").asInt()).isEqualTo(1);
				assertThat(failed.path("candidate_version").asInt()).isEqualTo(3);
				assertThat(failed.path("message").asString()).startsWith("rolled back automatically: error rate");
				assertAudited("petals-broken", 3, "error rate");
				JsonNode event = receiver.awaitEvent("petals-broken", 3);
				assertThat(event.path("type").asString()).isEqualTo("deployment.aborted");
				assertThat(event.path("reason").asString()).contains("error rate");
				assertThat(receiver.signedWith(secret)).as("every delivery signed: " + receiver.received()).isTrue();
			}
		}

		@Test
		void aSlowCandidateIsRolledBackByItsLatencyGateWithTheReasonAuditedAndAWebhookSent() {
			try (WebhookReceiver receiver = WebhookReceiver.start()) {
				String secret = subscribe(receiver, "slow-releases");
				deploy("petals-slow", PYFUNC, 1, null);

				// Version 4 answers, but takes 300 ms where the gate allows 100.
				json(this.api.postJson("/api/v1/deployments/petals-slow/rollouts", """
						{"version": "4", "strategy": "canary",
						 "steps": [{"weight": 50, "pause_seconds": 30}, {"weight": 100, "pause_seconds": 0}],
						 "gates": {"interval_seconds": 1, "min_requests": 5, "max_p99_ms": 100}}"""));
				JsonNode slow = awaitRolloutEnded("petals-slow");
				assertThat(slow.path("phase").asString()).as(slow.toPrettyString()).isEqualTo("aborted");
				assertThat(slow.path("stable_version").asInt()).isEqualTo(1);
				assertThat(slow.path("candidate_version").asInt()).isEqualTo(4);
				assertThat(slow.path("message").asString()).startsWith("rolled back automatically: p99 latency");
				assertAudited("petals-slow", 4, "p99 latency");
				JsonNode event = receiver.awaitEvent("petals-slow", 4);
				assertThat(event.path("type").asString()).isEqualTo("deployment.aborted");
				assertThat(event.path("actor").asString()).isEqualTo("slipway");
				assertThat(event.path("model").toString()).contains(PYFUNC);
				assertThat(event.path("reason").asString()).contains("p99 latency", "above 100.0 ms");
				assertThat(receiver.signedWith(secret)).as("every delivery signed: " + receiver.received()).isTrue();
				// All traffic is back on version 1.
				assertThat(predict("petals-slow", irisRows(1), null).headers().firstValue("X-Model-Version"))
					.hasValue("1");
			}
		}

		@Test
		void aShadowReportsItsDisagreementAndAnAbSplitKeepsEachKeyOnOneVersion() {
			// Version 3 (C = 0.01) draws other borders than version 1: some rows
			// disagree.
			deploy("iris-shadow", ONNX, 1, null);
			json(this.api.postJson("/api/v1/deployments/iris-shadow/rollouts",
					"{\"version\": \"3\", \"strategy\": \"shadow\", \"mirror_percent\": 100}"));
			JsonNode traffic = await().atMost(ROLLOUT_TIMEOUT).pollInterval(Duration.ZERO).until(() -> {
				for (int i = 0; i < 10; i++) {
					HttpResponse<String> answer = predict("iris-shadow", irisRows(1), null);
					assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
					// Shadow traffic is never answered by the candidate.
					assertThat(answer.headers().firstValue("X-Model-Version")).hasValue("1");
				}
				return json(this.api.getJson("/api/v1/deployments/iris-shadow/traffic")).path("candidate");
			}, (candidate) -> candidate.path("compared").asLong() >= 40);
			assertThat(traffic.path("version").asInt()).isEqualTo(3);
			assertThat(traffic.path("disagreement").asDouble())
				.as("the share of mirrored answers unlike the stable version's: " + traffic)
				.isEqualTo((double) traffic.path("disagreed").asLong() / traffic.path("compared").asLong())
				.isGreaterThan(0.0)
				.isLessThan(1.0);
			json(this.api.postJson("/api/v1/deployments/iris-shadow/abort", "{\"reason\": \"seen enough\"}"));

			deploy("iris-ab", ONNX, 1, null);
			json(this.api.postJson("/api/v1/deployments/iris-ab/rollouts",
					"{\"version\": \"3\", \"strategy\": \"ab\", \"split\": 50, \"sticky_header\": \"X-User\"}"));
			// Until the candidate is loaded its share goes to the stable version: wait
			// for it to answer.
			await().atMost(ROLLOUT_TIMEOUT)
				.until(() -> predict("iris-ab", irisRows(1), "warm-up-" + this.random.nextInt()).headers()
					.firstValue("X-Model-Version")
					.orElse(""), "3"::equals);
			Map<String, String> versionOfUser = new HashMap<>();
			for (int user = 0; user < 30; user++) {
				String key = "user-" + user;
				for (int request = 0; request < 3; request++) {
					HttpResponse<String> answer = predict("iris-ab", irisRows(1), key);
					assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
					String version = answer.headers().firstValue("X-Model-Version").orElseThrow();
					assertThat(versionOfUser.putIfAbsent(key, version)).as(key + ", request " + (request + 1))
						.isIn(null, version);
				}
			}
			assertThat(new HashSet<>(versionOfUser.values())).as("versions the 30 keys reached")
				.containsExactlyInAnyOrder("1", "3");
		}

		// Flows

		private JsonNode deploy(String name, String model, int version, String extra) {
			JsonNode created = json(
					this.api.postJson("/api/v1/deployments", "{\"name\": \"" + name + "\", \"model\": \"" + model
							+ "\", \"version\": \"" + version + "\"" + ((extra != null) ? ", " + extra : "") + "}"));
			try {
				await().atMost(ROLLOUT_TIMEOUT)
					.pollInterval(Duration.ofMillis(200))
					.until(() -> this.api.get("/serve/" + name + "/ping", "*/*").statusCode() == 200);
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError("deployment " + name + " did not get ready: "
						+ this.api.get("/serve/" + name + "/ping", "*/*").body() + "\n" + serverTail(), ex);
			}
			return created;
		}

		/**
		 * Sends traffic with {@code traffic} until every deployment in {@code names}
		 * satisfies {@code done}; fails with the deployments and the server's last lines.
		 */
		private void awaitRollouts(List<String> names, Predicate<JsonNode> done, Runnable traffic) {
			try {
				await().atMost(ROLLOUT_TIMEOUT).pollInterval(Duration.ZERO).until(() -> {
					for (int i = 0; i < 5; i++) {
						traffic.run();
					}
					return names.stream().map(this::deployment).allMatch(done);
				});
			}
			catch (ConditionTimeoutException ex) {
				StringBuilder state = new StringBuilder();
				for (String name : names) {
					state.append(deployment(name).toPrettyString())
						.append('\n')
						.append(json(this.api.getJson("/api/v1/deployments/" + name + "/traffic")))
						.append('\n');
				}
				throw new AssertionError("rollouts did not end:\n" + state + serverTail(), ex);
			}
		}

		/**
		 * Sends traffic that reaches the candidate, tolerating its failures, until the
		 * rollout ends: aborted by its gates, or promoted.
		 */
		private JsonNode awaitRolloutEnded(String name) {
			awaitRollouts(List.of(name), (deployment) -> !deployment.path("phase").asString().equals("progressing"),
					() -> predict(name, irisRows(2), null));
			return deployment(name);
		}

		/**
		 * A webhook on the pyfunc model for aborted rollouts, sent to {@code receiver}.
		 * @return its signing secret
		 */
		private String subscribe(WebhookReceiver receiver, String name) {
			return json(this.api.postJson("/api/v1/models/" + PYFUNC + "/webhooks", "{\"name\": \"" + name
					+ "\", \"url\": \"" + receiver.url() + "\", \"events\": [\"deployment.aborted\"]}"))
				.path("secret")
				.asString();
		}

		private void assertAudited(String deployment, int candidate, String reason) {
			// Not ?model=: with resource_type=DEPLOYMENT it compares the deployments' ids
			// with the model's id, so it misses them.
			List<JsonNode> events = new ArrayList<>();
			json(this.api.getJson("/api/v1/audit?resource_type=DEPLOYMENT&action=deployment.aborted")).path("events")
				.forEach(events::add);
			assertThat(events).as(events.toString())
				.anyMatch((e) -> e.path("resource_name").asString().equals(deployment)
						&& e.path("after").path("model").asString().equals(PYFUNC)
						&& e.path("version").asInt() == candidate && e.path("actor").asString().equals("slipway")
						&& e.path("reason").asString().startsWith("rolled back automatically: " + reason));
		}

		private HttpResponse<String> predict(String name, String split, String user) {
			HttpProbe caller = (user != null) ? this.api.header("X-User", user) : this.api;
			return caller.postJson("/serve/" + name + "/invocations", split);
		}

		/**
		 * {@code count} rows in iris's ranges, as MLflow's split orientation: varied, so
		 * that models with other borders disagree on some.
		 */
		private String irisRows(int count) {
			List<String> rows = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				rows.add(String.format(Locale.ROOT, "[%.1f, %.1f, %.1f, %.1f]", 4.3 + 3.6 * this.random.nextDouble(),
						2.0 + 2.4 * this.random.nextDouble(), 1.0 + 5.9 * this.random.nextDouble(),
						0.1 + 2.4 * this.random.nextDouble()));
			}
			return "{\"dataframe_split\": {\"columns\": " + COLUMNS + ", \"data\": [" + String.join(", ", rows) + "]}}";
		}

		/** The monitor's newest window, or an empty node. */
		private JsonNode lastWindow(long monitor) {
			JsonNode windows = json(this.api.getJson("/api/v1/monitors/" + monitor + "/drift")).path("windows");
			return windows.isEmpty() ? JSON.createObjectNode() : windows.get(windows.size() - 1);
		}

		private JsonNode deployment(String name) {
			return json(this.api.getJson("/api/v1/deployments/" + name));
		}

		private List<JsonNode> history(String name) {
			List<JsonNode> changes = new ArrayList<>();
			json(this.api.getJson("/api/v1/deployments/" + name + "/history")).path("changes").forEach(changes::add);
			return changes;
		}

		/** The command lines of the server's descendants. */
		private List<String> modelServers() {
			return ProcessHandle.of(this.slipway.pid())
				.orElseThrow()
				.descendants()
				.map((process) -> process.info().commandLine().orElse(""))
				.toList();
		}

		// The example's scripts

		/**
		 * Starts a script of {@code examples/serving} as its README says: the MLflow
		 * client signed in with the two variables.
		 */
		private Process example(String script, String... arguments) throws IOException {
			List<String> command = new ArrayList<>(List.of(python(), exampleFolder().resolve(script).toString()));
			command.addAll(List.of(arguments));
			ProcessBuilder builder = new ProcessBuilder(command).directory(this.workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(this.workDir.resolve(script + ".log").toFile());
			builder.environment().put("MLFLOW_TRACKING_URI", this.slipway.baseUrl());
			builder.environment().put("MLFLOW_TRACKING_TOKEN", this.token);
			return builder.start();
		}

		private void awaitExample(Process process, String script) throws Exception {
			boolean ended = process.waitFor(5, TimeUnit.MINUTES);
			String log = Files.readString(this.workDir.resolve(script + ".log"));
			if (!ended) {
				process.destroyForcibly();
			}
			assertThat(ended && process.exitValue() == 0).as(script + " ended well:\n" + log).isTrue();
		}

		private String serverTail() {
			List<String> lines = this.slipway.output().lines().toList();
			return "--- the server's last lines ---\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}

		private static JsonNode json(HttpResponse<String> response) {
			assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
			return JSON.readTree(response.body());
		}

		/**
		 * The interpreter of the e2e environment, which runs the scripts and the models.
		 */
		private static String python() {
			return Requirement.python().orElseThrow().toAbsolutePath().toString();
		}

		/**
		 * The example's folder: failsafe runs in the module folder, an IDE maybe in the
		 * root.
		 */
		private static Path exampleFolder() {
			return Stream.of(Path.of("examples/serving"), Path.of("../examples/serving"))
				.filter((folder) -> Files.isRegularFile(folder.resolve("log_pyfunc.py")))
				.findFirst()
				.map((folder) -> folder.toAbsolutePath().normalize())
				.orElseThrow(() -> new IllegalStateException(
						"examples/serving/log_pyfunc.py not found from " + Path.of("").toAbsolutePath()));
		}

		/** An API token of the admin's, as the README's reader makes one. */
		private static String newToken(HttpProbe http) {
			HttpResponse<String> token = TestAdmin.signedIn(http)
				.postJson("/api/v1/tokens", "{\"name\":\"serving-example\",\"expiresInDays\":1}");
			Matcher secret = SECRET.matcher(token.body());
			assertThat(token.statusCode() == 201 && secret.find()).as("creating the token: " + token.body()).isTrue();
			return secret.group(1);
		}

	}

}
