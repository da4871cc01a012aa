package dev.slipway.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.slipway.storage.S3TestServer;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
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
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Pipelines end to end through the packaged jar and the REST API, as an EDITOR with an
 * API token: the example in {@code examples/pipelines} trains, evaluates and registers a
 * model with the real {@code mlflow} client and is served from the cache the second time;
 * a failing step is retried by its policy; a cancelled run leaves no process behind. The
 * same flows run on the embedded default and on PostgreSQL with S3. The Python
 * environment comes from {@code SLIPWAY_E2E_PYTHON} ({@code .ci/python-env}); without it
 * the class is skipped with one line.
 */
@Requires(Requirement.PYTHON)
class PipelineExampleIT {

	@Nested
	class OnTheEmbeddedDefault extends PipelineFlows {

		@Override
		SlipwayProcess start(Path workDir, Map<String, String> settings, int port) {
			return SlipwayProcess.start(workDir, settings, port);
		}

	}

	@Nested
	@Requires(Requirement.POSTGRESQL)
	class OnPostgresqlAndS3 extends PipelineFlows {

		@Override
		SlipwayProcess start(Path workDir, Map<String, String> settings, int port) {
			S3TestServer s3 = closeAfterAll(S3TestServer.start(TestFolders.fresh("it-pipelines-s3")));
			s3.createBucket("slipway-pipelines");
			Map<String, String> production = new HashMap<>(settings);
			// A schema of its own: the cache and the pipeline names must not meet other
			// tests' rows.
			production.put("SLIPWAY_DATABASE_URL", PostgresTestDatabase.jdbcUrl("pipeline-example-it"));
			production.put("SLIPWAY_DATABASE_USERNAME", PostgresTestDatabase.username());
			production.put("SLIPWAY_DATABASE_PASSWORD", PostgresTestDatabase.password());
			production.put("SLIPWAY_ARTIFACTS_URI", "s3://slipway-pipelines/artifacts");
			production.put("SLIPWAY_S3_ENDPOINT", s3.endpoint());
			production.put("SLIPWAY_S3_REGION", "us-east-1");
			production.put("SLIPWAY_S3_ACCESS_KEY", s3.accessKey());
			production.put("SLIPWAY_S3_SECRET_KEY", s3.secretKey());
			return SlipwayProcess.start(workDir, production, port);
		}

	}

	/**
	 * The flows, each a test against one server that the subclass starts once for all of
	 * them. A new way to start runs (a schedule, an alert) is one more test here, built
	 * from {@link #upload}, {@link #runsOf} and {@link #awaitEnded}.
	 */
	@TestInstance(Lifecycle.PER_CLASS)
	abstract static class PipelineFlows {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		private static final Pattern SECRET = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"");

		/**
		 * How long a run may take: a 2-core CI machine shared with other builds starts a
		 * Python interpreter with scikit-learn in seconds, not milliseconds.
		 */
		private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

		private static final Duration POLL = Duration.ofMillis(500);

		private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELED");

		private static final String MODEL = "churn-it";

		private final List<AutoCloseable> resources = new ArrayList<>();

		private Path workDir;

		private SlipwayProcess slipway;

		private HttpProbe editor;

		/**
		 * Starts the server under test in {@code workDir} with {@code settings} (port and
		 * admin password) and more of its own.
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
		void startTheServerAndSignInAnEditor() {
			this.workDir = TestFolders.fresh("it-pipelines-" + getClass().getSimpleName());
			int port = SlipwayProcess.freePort();
			Map<String, String> settings = Map.of("SLIPWAY_PORT", String.valueOf(port), "SLIPWAY_ADMIN_PASSWORD",
					TestAdmin.PASSWORD);
			this.slipway = closeAfterAll(start(this.workDir, settings, port).awaitReady());
			this.editor = this.slipway.http().bearer(newEditorToken(this.slipway.http()));
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
		void theExampleRegistersAModelAndIsServedFromTheCacheTheSecondTime() throws IOException {
			assertThat(upload(Files.readString(example().resolve("churn.yaml"))).path("created").asBoolean()).isTrue();
			Map<String, Object> parameters = Map.of("python", python(), "code_dir", example().toString(), "rows", 2000,
					"seed", 7, "C", 0.5, "model_name", MODEL);

			long first = start("churn", parameters);
			JsonNode run = awaitEnded(first);
			assertState(run, "SUCCEEDED");
			assertThat(stepStates(run)).containsExactly(entry("prepare", "SUCCEEDED"), entry("train", "SUCCEEDED"),
					entry("evaluate", "SUCCEEDED"), entry("register", "SUCCEEDED"));
			assertThat(value(run, "train", "model_uri")).startsWith("models:/");
			assertThat(Double.parseDouble(value(run, "evaluate", "accuracy"))).as("accuracy on synthetic churn")
				.isBetween(0.6, 1.0);
			assertThat(value(run, "register", "decision")).isEqualTo("registered 1");

			// Its lineage: the source run is one of this run's steps, as its tags say.
			JsonNode version = get("/api/2.0/mlflow/model-versions/get?name=" + MODEL + "&version=1")
				.path("model_version");
			assertThat(version.path("current_stage").asString()).isEqualTo("Staging");
			assertThat(version.path("source").asString()).isEqualTo(value(run, "train", "model_uri"));
			String sourceRun = version.path("run_id").asString();
			assertThat(sourceRun).isIn(step(run, "train").path("tracking_run_id").asString(),
					step(run, "register").path("tracking_run_id").asString());
			JsonNode tags = get("/api/2.0/mlflow/runs/get?run_id=" + sourceRun).path("run").path("data").path("tags");
			assertThat(tag(tags, "slipway.pipeline.run_id")).isEqualTo(Long.toString(first));
			// ... and the registry's lineage names the pipeline run and the step.
			JsonNode lineage = get("/api/v1/models/" + MODEL + "/versions/1/lineage");
			assertThat(lineage.path("pipeline_run_id").asLong()).isEqualTo(first);
			assertThat(lineage.path("pipeline_step").asString()).isIn("train", "register");

			long second = start("churn", parameters);
			JsonNode again = awaitEnded(second);
			assertState(again, "SUCCEEDED");
			for (JsonNode step : again.path("steps")) {
				assertThat(step.path("state").asString()).as(step.path("name").asString()).isEqualTo("CACHED");
				assertThat(step.path("cached_from_run_id").asLong()).as(step.path("name").asString()).isEqualTo(first);
				assertThat(step.path("attempt_list").size()).as(step.path("name").asString()).isZero();
			}
			assertThat(value(again, "register", "decision")).isEqualTo("registered 1");
			// Served from the cache, nothing registered again.
			String search = "/api/2.0/mlflow/model-versions/search?filter="
					+ URLEncoder.encode("name='" + MODEL + "'", StandardCharsets.UTF_8);
			assertThat(get(search).path("model_versions").size()).isEqualTo(1);
			assertThat(runsOf("churn")).extracting((r) -> r.path("id").asLong(), (r) -> r.path("cause").asString())
				.containsExactly(tuple(second, "API"), tuple(first, "API"));
		}

		@Test
		void aScheduleStartsRunsByItself() {
			upload("""
					name: scheduled
					steps:
					  - name: tick
					    command: [sh, -c, "echo tick"]
					""");
			HttpResponse<String> created = this.editor.postJson("/api/v1/pipelines/scheduled/schedules",
					"{\"name\": \"every-minute\", \"interval_seconds\": 60}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

			// An interval schedule fires when it is made, then every interval; the tick
			// runs
			// every 20 s.
			JsonNode first = await().atMost(Duration.ofMinutes(2))
				.pollInterval(POLL)
				.until(() -> runsOf("scheduled"), (runs) -> !runs.isEmpty())
				.get(0);
			HttpResponse<String> disabled = this.editor.sendJson("PATCH",
					"/api/v1/pipelines/scheduled/schedules/every-minute", "{\"enabled\": false}");
			assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);

			assertThat(first.path("cause").asString()).isEqualTo("SCHEDULE");
			assertThat(first.path("cause_detail").asString()).contains("every-minute");
			assertState(awaitEnded(first.path("id").asLong()), "SUCCEEDED");
		}

		@Test
		void aFailingStepIsTriedAsOftenAsItsPolicySaysThenTheRunFails() {
			upload("""
					name: always-fails
					steps:
					  - name: fail
					    command: [sh, -c, "exit 1"]
					    retry: {maxAttempts: 2, backoff: 1s}
					""");

			JsonNode run = awaitEnded(start("always-fails", Map.of()));

			assertState(run, "FAILED");
			JsonNode step = step(run, "fail");
			assertThat(step.path("state").asString()).isEqualTo("FAILED");
			JsonNode attempts = step.path("attempt_list");
			assertThat(attempts.size()).as(attempts.toString()).isEqualTo(2);
			for (JsonNode attempt : attempts) {
				assertThat(attempt.path("state").asString()).isEqualTo("FAILED");
				assertThat(attempt.path("exit_code").asInt()).isEqualTo(1);
			}
			assertThat(attempts.get(1).path("not_before").asLong() - attempts.get(0).path("ended_at").asLong())
				.as("the backoff before attempt 2")
				.isGreaterThanOrEqualTo(1000);
			assertThat(attempts.get(1).path("started_at").asLong())
				.isGreaterThanOrEqualTo(attempts.get(1).path("not_before").asLong());
		}

		@Test
		void aCancelledRunLeavesNoProcessBehind() throws IOException {
			Path pids = Files.createDirectories(this.workDir.resolve("sleeper-pids"));
			upload("""
					name: sleeps
					params:
					  pid_dir: {type: string}
					steps:
					  - name: sleep
					    command: [sh, -c, "sleep 600 & echo $! > {{params.pid_dir}}/1.pid; sleep 600 & echo $! > {{params.pid_dir}}/2.pid; echo $$ > {{params.pid_dir}}/step.pid; wait"]
					""");
			long id = start("sleeps", Map.of("pid_dir", pids.toString()));
			List<ProcessHandle> processes = awaitProcesses(pids, id);
			try {
				HttpResponse<String> cancelled = this.editor.send("POST", "/api/v1/pipeline-runs/" + id + "/cancel");
				assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

				JsonNode run = awaitEnded(id);

				assertState(run, "CANCELED");
				JsonNode step = step(run, "sleep");
				assertThat(step.path("state").asString()).isEqualTo("CANCELED");
				assertThat(step.path("attempt_list").get(0).path("state").asString()).isEqualTo("STOPPED");
				// The run ends only once its processes are gone: no waiting here.
				assertThat(processes).as("processes of the step").noneMatch(PipelineFlows::running);
			}
			finally {
				// A failed stop must not leave sleepers to the next test.
				processes.forEach(ProcessHandle::destroyForcibly);
			}
		}

		/**
		 * The step's shell, its two children and anything else below it, once the shell
		 * has written its own pid, which it does last.
		 */
		private List<ProcessHandle> awaitProcesses(Path pids, long runId) {
			List<Long> written;
			try {
				written = await().atMost(RUN_TIMEOUT)
					.pollInterval(POLL)
					.until(() -> Stream.of("step.pid", "1.pid", "2.pid")
						.map((name) -> pid(pids.resolve(name)))
						.toList(), (found) -> !found.contains(null));
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError("the sleeping step did not write its pids:\n" + report(runId), ex);
			}
			List<ProcessHandle> processes = new ArrayList<>();
			for (long pid : written) {
				ProcessHandle handle = ProcessHandle.of(pid)
					.orElseThrow(
							() -> new AssertionError("process " + pid + " of the step is not there before the cancel"));
				processes.add(handle);
				handle.descendants().forEach(processes::add);
			}
			return processes.stream().distinct().toList();
		}

		private static Long pid(Path file) {
			try {
				String text = Files.exists(file) ? Files.readString(file).strip() : "";
				return text.matches("\\d+") ? Long.valueOf(text) : null;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * Whether the process still runs. A zombie does not: it has ended and only waits
		 * to be reaped, which some containers' init never does (the JDK still calls it
		 * alive).
		 */
		private static boolean running(ProcessHandle process) {
			if (!process.isAlive()) {
				return false;
			}
			Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
			try {
				String text = Files.readString(stat);
				char state = text.charAt(text.lastIndexOf(')') + 2);
				return state != 'Z' && state != 'X';
			}
			catch (IOException ex) {
				// No /proc (not Linux), or the process is gone between the two looks.
				return process.isAlive();
			}
		}

		// REST helpers

		/** Uploads a definition, as {@code curl --data-binary @file.yaml} does. */
		JsonNode upload(String definition) {
			HttpResponse<String> response = this.editor.post("/api/v1/pipelines",
					definition.getBytes(StandardCharsets.UTF_8), "application/yaml");
			assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
			return JSON.readTree(response.body());
		}

		/** Starts a run of {@code pipeline} with the cache on; returns its id. */
		long start(String pipeline, Map<String, Object> parameters) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("parameters", parameters);
			body.put("cache_enabled", true);
			HttpResponse<String> response = this.editor.postJson("/api/v1/pipelines/" + pipeline + "/runs",
					JSON.writeValueAsString(body));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
			return JSON.readTree(response.body()).path("id").asLong();
		}

		/** A run with its steps. */
		JsonNode run(long runId) {
			return get("/api/v1/pipeline-runs/" + runId);
		}

		/** The runs of {@code pipeline}, newest first. */
		List<JsonNode> runsOf(String pipeline) {
			List<JsonNode> runs = new ArrayList<>();
			get("/api/v1/pipelines/" + pipeline + "/runs").path("runs").forEach(runs::add);
			return runs;
		}

		/** Waits for the run to end; fails with its steps' logs when it does not. */
		JsonNode awaitEnded(long runId) {
			try {
				return await().atMost(RUN_TIMEOUT)
					.pollInterval(POLL)
					.until(() -> run(runId), (run) -> ENDED.contains(run.path("state").asString()));
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError("run " + runId + " did not end within " + RUN_TIMEOUT + ":\n" + report(runId),
						ex);
			}
		}

		private void assertState(JsonNode run, String state) {
			assertThat(run.path("state").asString())
				.withFailMessage(() -> "run " + run.path("id").asLong() + " ended " + run.path("state").asString()
						+ ", not " + state + ":\n" + report(run.path("id").asLong()))
				.isEqualTo(state);
		}

		private JsonNode get(String path) {
			HttpResponse<String> response = this.editor.getJson(path);
			assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
			return JSON.readTree(response.body());
		}

		private static Map<String, String> stepStates(JsonNode run) {
			Map<String, String> states = new LinkedHashMap<>();
			run.path("steps")
				.forEach((step) -> states.put(step.path("name").asString(), step.path("state").asString()));
			return states;
		}

		private static JsonNode step(JsonNode run, String name) {
			for (JsonNode step : run.path("steps")) {
				if (step.path("name").asString().equals(name)) {
					return step;
				}
			}
			throw new AssertionError("run " + run.path("id").asLong() + " has no step " + name + ": " + run);
		}

		private static String value(JsonNode run, String step, String output) {
			return step(run, step).path("outputs").path(output).path("value").asString();
		}

		private static String tag(JsonNode tags, String key) {
			for (JsonNode tag : tags) {
				if (tag.path("key").asString().equals(key)) {
					return tag.path("value").asString();
				}
			}
			return null;
		}

		/**
		 * The run, each attempt's log ends and the server's last lines, for a failure.
		 */
		private String report(long runId) {
			StringBuilder text = new StringBuilder();
			try {
				JsonNode run = run(runId);
				text.append(run.toPrettyString()).append('\n');
				for (JsonNode step : run.path("steps")) {
					for (JsonNode attempt : step.path("attempt_list")) {
						for (String stream : List.of("stdout", "stderr")) {
							HttpResponse<String> log = this.editor
								.getJson("/api/v1/pipeline-runs/" + runId + "/steps/" + step.path("name").asString()
										+ "/attempts/" + attempt.path("number").asInt() + "/logs?stream=" + stream);
							String logText = (log.statusCode() == 200)
									? JSON.readTree(log.body()).path("text").asString() : log.body();
							text.append("--- ")
								.append(step.path("name").asString())
								.append(" attempt ")
								.append(attempt.path("number").asInt())
								.append(' ')
								.append(stream)
								.append(" ---\n")
								.append(tail(logText, 40))
								.append('\n');
						}
					}
				}
			}
			catch (RuntimeException ex) {
				text.append("(the run could not be read: ").append(ex).append(")\n");
			}
			return text.append("--- the server's last lines ---\n").append(tail(this.slipway.output(), 80)).toString();
		}

		private static String tail(String text, int lines) {
			List<String> all = text.lines().toList();
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}

		/**
		 * The interpreter of the e2e environment, which the steps run their scripts with.
		 */
		private static String python() {
			return Requirement.python().orElseThrow().toAbsolutePath().toString();
		}

		/**
		 * The example's folder: failsafe runs in the module folder, an IDE maybe in the
		 * root.
		 */
		private static Path example() {
			return Stream.of(Path.of("examples/pipelines"), Path.of("../examples/pipelines"))
				.filter((folder) -> Files.isRegularFile(folder.resolve("churn.yaml")))
				.findFirst()
				.map((folder) -> folder.toAbsolutePath().normalize())
				.orElseThrow(() -> new IllegalStateException(
						"examples/pipelines/churn.yaml not found from " + Path.of("").toAbsolutePath()));
		}

		/**
		 * Creates an EDITOR through the REST API, as an admin would, and an API token of
		 * theirs.
		 */
		private static String newEditorToken(HttpProbe http) {
			String password = "pipelines-" + UUID.randomUUID();
			HttpResponse<String> user = TestAdmin.signedIn(http)
				.postJson("/api/v1/users", "{\"username\":\"pipeline-author\",\"role\":\"EDITOR\",\"password\":\""
						+ password + "\",\"serviceAccount\":false}");
			assertThat(user.statusCode()).as("creating the editor: " + user.body()).isEqualTo(201);
			HttpResponse<String> token = http.basic("pipeline-author", password)
				.postJson("/api/v1/tokens", "{\"name\":\"pipelines-it\",\"expiresInDays\":1}");
			Matcher secret = SECRET.matcher(token.body());
			assertThat(token.statusCode() == 201 && secret.find()).as("creating the token: " + token.body()).isTrue();
			return secret.group(1);
		}

	}

}
