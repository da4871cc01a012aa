package dev.slipway.pipelines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.slipway.CoreTestApplication;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.VersionLineage;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.testsupport.WithSlipwayUser;
import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunService;
import dev.slipway.tracking.RunStatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Pipeline runs end to end in the core, with the local executor and db-scheduler: steps
 * run as processes in order, pass outputs downstream, become nested tracking runs, are
 * served from the cache on a second run, retry and then fail, skip by condition, and stop
 * (with their whole process tree) on cancel; on both databases.
 */
class PipelineRunsTest {

	static void properties(DynamicPropertyRegistry registry, String folder) {
		TestFolders.registerDataDir(registry, folder);
		registry.add("db-scheduler.polling-interval", () -> "200ms");
		registry.add("db-scheduler.immediate-execution-enabled", () -> "true");
		registry.add("db-scheduler.shutdown-max-wait", () -> "2s");
		registry.add("slipway.pipelines.poll-interval", () -> "100ms");
		registry.add("slipway.pipelines.stop-grace-period", () -> "1s");
	}

	static final Duration WAIT = Duration.ofSeconds(60);

	@WithSlipwayUser
	abstract static class Contract {

		@Autowired
		PipelineService pipelines;

		@Autowired
		RunService trackingRuns;

		@Autowired
		JdbcClient jdbc;

		@Autowired
		RegistryService registry;

		private static int counter;

		String unique(String prefix) {
			return prefix + "-" + System.nanoTime() % 1_000_000_000L + "-" + (++counter);
		}

		/**
		 * Three steps: prepare writes a file, train reads it and writes a score, evaluate
		 * checks it.
		 */
		String threeSteps(String name, String extra) {
			return """
					name: %s
					params:
					  rows: {type: int, default: 3}
					  threshold: {type: float, default: 0.5}
					steps:
					  - name: prepare
					    command: [sh, -c, "seq 1 {{params.rows}} > {{outputs.data}}%s"]
					    outputs: {data: {type: dataset}}
					  - name: train
					    dependsOn: [prepare]
					    command: [sh, -c, "wc -l < {{inputs.data}} | tr -d ' ' > {{outputs.score}}"]
					    inputs: {data: "{{steps.prepare.outputs.data}}"}
					    outputs: {score: {type: value}}
					  - name: evaluate
					    dependsOn: [train]
					    when: "{{steps.train.outputs.score}} > {{params.threshold}}"
					    command: [sh, -c, "echo score $SCORE"]
					    env: {SCORE: "{{steps.train.outputs.score}}"}
					""".formatted(name, extra);
		}

		PipelineRun startAndWait(String name, Map<String, Object> parameters, Boolean cache) {
			PipelineRun run = this.pipelines.start(name, new StartRun(null, parameters, cache, null, null),
					RunCause.API, null);
			return awaitEnd(run.id());
		}

		PipelineRun awaitEnd(long runId) {
			await().atMost(WAIT)
				.pollInSameThread()
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.pipelines.get(runId).state().ended());
			return this.pipelines.get(runId);
		}

		static StepRun step(PipelineRun run, String name) {
			return run.steps().stream().filter((step) -> step.name().equals(name)).findFirst().orElseThrow();
		}

		@Test
		void uploadingTheSameContentTwiceGivesTheSameVersion() {
			String name = unique("versions");
			UploadedVersion first = this.pipelines.upload(threeSteps(name, ""), null);
			UploadedVersion again = this.pipelines.upload("# the same, with a comment\n" + threeSteps(name, ""), null);
			UploadedVersion changed = this.pipelines.upload(threeSteps(name, " && true"), null);

			assertThat(first.created()).isTrue();
			assertThat(first.version().version()).isEqualTo(1);
			assertThat(again.created()).isFalse();
			assertThat(again.version().digest()).isEqualTo(first.version().digest());
			assertThat(changed.version().version()).isEqualTo(2);
			assertThat(first.pipeline().experimentName()).isEqualTo(name);
			assertThat(this.pipelines.versions(name, null, null).items()).extracting(PipelineVersion::version)
				.containsExactly(2, 1);
		}

		@Test
		void aRunPassesOutputsDownstreamAndEveryStepIsANestedTrackingRun() {
			String name = unique("flow");
			this.pipelines.upload(threeSteps(name, ""), null);

			PipelineRun run = startAndWait(name, Map.of("rows", 4), null);

			assertThat(run.state()).as(run.message()).isEqualTo(RunState.SUCCEEDED);
			assertThat(run.steps()).extracting(StepRun::state)
				.containsExactly(StepState.SUCCEEDED, StepState.SUCCEEDED, StepState.SUCCEEDED);
			assertThat(step(run, "train").outputs().get("score").value().strip()).isEqualTo("4");
			assertThat(step(run, "prepare").outputs().get("data").digest()).startsWith("sha256:");
			assertThat(run.parameters()).containsEntry("rows", 4).containsEntry("threshold", 0.5);

			Run parent = this.trackingRuns.get(run.trackingRunId());
			assertThat(parent.info().status()).isEqualTo(RunStatus.FINISHED);
			assertThat(parent.params()).anySatisfy((param) -> assertThat(param.key()).isEqualTo("rows"));
			for (StepRun step : run.steps()) {
				Run nested = this.trackingRuns.get(step.trackingRunId());
				assertThat(nested.tags()).anySatisfy((tag) -> {
					assertThat(tag.key()).isEqualTo("mlflow.parentRunId");
					assertThat(tag.value()).isEqualTo(run.trackingRunId());
				});
				assertThat(nested.info().status()).isEqualTo(RunStatus.FINISHED);
			}
			LogText log = this.pipelines.log(run.id(), "evaluate", 1, LogStream.STDOUT, 0, null);
			assertThat(log.text()).isEqualTo("score 4\n");
			assertThat(log.complete()).isTrue();
			assertThat(this.pipelines.history(run.id())).extracting(StateChange::to)
				.contains("PENDING", "RUNNING", "SUCCEEDED");
			assertThat(this.jdbc
				.sql("SELECT COUNT(*) FROM api_tokens WHERE scope_experiment_id IS NOT NULL "
						+ "AND revoked_at IS NULL AND name LIKE ?")
				.param("pipeline run " + run.id() + " %")
				.query(Long.class)
				.single()).as("every step token is revoked when its step ends").isZero();
		}

		@Test
		void aSecondRunWithTheSameParametersIsServedFromTheCacheUnlessTheRunSwitchesItOff() {
			String name = unique("cache");
			this.pipelines.upload(threeSteps(name, ""), null);
			PipelineRun first = startAndWait(name, Map.of(), null);

			PipelineRun second = startAndWait(name, Map.of(), null);
			PipelineRun other = startAndWait(name, Map.of("rows", 5), null);
			PipelineRun uncached = startAndWait(name, Map.of(), false);

			assertThat(second.state()).isEqualTo(RunState.SUCCEEDED);
			assertThat(second.steps()).extracting(StepRun::state)
				.containsExactly(StepState.CACHED, StepState.CACHED, StepState.CACHED);
			assertThat(step(second, "train").cachedFrom().runId()).isEqualTo(first.id());
			assertThat(step(second, "train").outputs()).isEqualTo(step(first, "train").outputs());
			assertThat(other.steps()).extracting(StepRun::state)
				.as("a different parameter misses the cache")
				.containsExactly(StepState.SUCCEEDED, StepState.SUCCEEDED, StepState.SUCCEEDED);
			assertThat(uncached.steps()).extracting(StepRun::state)
				.containsExactly(StepState.SUCCEEDED, StepState.SUCCEEDED, StepState.SUCCEEDED);
		}

		@Test
		void aCachedOutputThatNoLongerExistsIsRunAgain() throws Exception {
			String name = unique("gone");
			this.pipelines.upload(threeSteps(name, ""), null);
			PipelineRun first = startAndWait(name, Map.of(), null);
			Path stored = storedFile(step(first, "prepare").outputs().get("data").uri());
			Files.delete(stored);

			PipelineRun second = startAndWait(name, Map.of(), null);

			assertThat(step(second, "prepare").state()).isEqualTo(StepState.SUCCEEDED);
		}

		/**
		 * The stored file of an artifact URI, found under the test data; folders that
		 * other tests' runs delete during the walk (a finished attempt's logs) are
		 * skipped.
		 */
		Path storedFile(String uri) {
			String key = dev.slipway.tracking.ArtifactUris.keyOf(uri);
			Path[] found = new Path[1];
			try {
				Files.walkFileTree(Path.of(System.getProperty("user.dir"), "target", "test-data"),
						new java.nio.file.SimpleFileVisitor<>() {
							@Override
							public java.nio.file.FileVisitResult visitFile(Path file,
									java.nio.file.attribute.BasicFileAttributes attributes) {
								if (file.toString().replace('\\', '/').endsWith(key)) {
									found[0] = file;
									return java.nio.file.FileVisitResult.TERMINATE;
								}
								return java.nio.file.FileVisitResult.CONTINUE;
							}

							@Override
							public java.nio.file.FileVisitResult visitFileFailed(Path file, java.io.IOException ex) {
								return java.nio.file.FileVisitResult.CONTINUE;
							}

							@Override
							public java.nio.file.FileVisitResult postVisitDirectory(Path dir, java.io.IOException ex) {
								return java.nio.file.FileVisitResult.CONTINUE;
							}
						});
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			return Optional.ofNullable(found[0]).orElseThrow();
		}

		@Test
		void aFailingStepIsRetriedByItsPolicyThenFailsTheRunAndARetryRunsItAgain() {
			String name = unique("failing");
			this.pipelines.upload("""
					name: %s
					steps:
					  - name: flaky
					    command: [sh, -c, "echo trying >&2; exit 3"]
					    retry: {maxAttempts: 2, backoff: 1s}
					  - name: after
					    dependsOn: [flaky]
					    command: [sh, -c, "echo never"]
					  - name: last
					    dependsOn: [after]
					    command: [sh, -c, "echo never"]
					""".formatted(name), null);

			PipelineRun run = startAndWait(name, Map.of(), null);

			assertThat(run.state()).isEqualTo(RunState.FAILED);
			StepRun flaky = step(run, "flaky");
			assertThat(flaky.state()).isEqualTo(StepState.FAILED);
			assertThat(flaky.attemptList()).extracting(Attempt::exitCode).containsExactly(3, 3);
			assertThat(flaky.message()).contains("exited with code 3").contains("attempt 2 of 2");
			assertThat(step(run, "after").state()).isEqualTo(StepState.SKIPPED);
			assertThat(step(run, "last").message()).as("a failed ancestor, not only a parent, is named")
				.isEqualTo("not run: upstream step flaky failed");
			assertThat(this.pipelines.log(run.id(), "flaky", 2, LogStream.STDERR, 0, null).text())
				.isEqualTo("trying\n");
			assertThat(this.trackingRuns.get(flaky.trackingRunId()).info().status()).isEqualTo(RunStatus.FAILED);

			this.pipelines.retry(run.id());
			PipelineRun retried = awaitEnd(run.id());
			assertThat(step(retried, "flaky").attemptList()).hasSize(4);
			assertThat(this.pipelines.history(run.id())).anySatisfy(
					(change) -> assertThat(change.reason()).startsWith("retry of flaky, after, last requested by"));
			assertThatThrownBy(() -> this.pipelines.cancel(run.id())).isInstanceOf(SlipwayException.class)
				.extracting("code")
				.isEqualTo(ErrorCode.INVALID_STATE);
		}

		@Test
		void cancelStopsTheRunningStepWithItsWholeProcessTree(@org.junit.jupiter.api.io.TempDir Path pids)
				throws Exception {
			String name = unique("cancel");
			Path pidFile = pids.resolve("pids");
			this.pipelines.upload("""
					name: %s
					steps:
					  - name: slow
					    command: [sh, -c, "sleep 300 & echo $! >> %s; echo $$ >> %s; wait"]
					  - name: later
					    dependsOn: [slow]
					    command: [sh, -c, "echo never"]
					""".formatted(name, pidFile, pidFile), null);
			PipelineRun run = this.pipelines.start(name, new StartRun(null, Map.of(), null, null, null), RunCause.API,
					null);
			await().atMost(WAIT)
				.pollInSameThread()
				.until(() -> Files.exists(pidFile) && Files.readAllLines(pidFile).size() == 2);

			this.pipelines.cancel(run.id());
			PipelineRun canceled = awaitEnd(run.id());

			assertThat(canceled.state()).isEqualTo(RunState.CANCELED);
			assertThat(canceled.steps()).extracting(StepRun::state)
				.containsExactly(StepState.CANCELED, StepState.CANCELED);
			for (String pid : Files.readAllLines(pidFile)) {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> ProcessHandle.of(Long.parseLong(pid.strip())).map((p) -> !p.isAlive()).orElse(true));
			}
			assertThat(this.pipelines.history(run.id())).extracting(StateChange::to).contains("CANCELING", "CANCELED");
		}

		@Test
		void aModelOutputIsRegisteredWithThePipelineRunAndStepInItsLineage() {
			String name = unique("register");
			String model = unique("model");
			this.pipelines.upload("""
					name: %s
					steps:
					  - name: train
					    command: [sh, -c, "mkdir -p {{outputs.model}} && echo weights > {{outputs.model}}/model.txt"]
					    outputs: {model: {type: model, register: %s}}
					""".formatted(name, model), null);

			PipelineRun run = startAndWait(name, Map.of(), null);

			assertThat(run.state()).as(run.message()).isEqualTo(RunState.SUCCEEDED);
			assertThat(step(run, "train").outputs().get("model").value()).isEqualTo("1");
			VersionLineage lineage = this.registry.lineage(model, "1");
			assertThat(lineage.pipelineRunId()).isEqualTo(run.id());
			assertThat(lineage.pipelineStep()).isEqualTo("train");
			assertThat(lineage.run().runId()).isEqualTo(step(run, "train").trackingRunId());
		}

		@Test
		void aFalseConditionSkipsTheStep() {
			String name = unique("when");
			this.pipelines.upload(threeSteps(name, ""), null);

			PipelineRun run = startAndWait(name, Map.of("threshold", 10), null);

			assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
			assertThat(step(run, "evaluate").state()).isEqualTo(StepState.SKIPPED);
			assertThat(step(run, "evaluate").message()).contains("is false");
		}

		@Test
		void badParametersAreRefusedWithTheirName() {
			String name = unique("params");
			this.pipelines.upload(threeSteps(name, ""), null);

			assertThatThrownBy(() -> this.pipelines.start(name,
					new StartRun(null, Map.of("rows", "many"), null, null, null), RunCause.API, null))
				.hasMessageContaining("parameters.rows")
				.hasMessageContaining("whole number");
			assertThatThrownBy(() -> this.pipelines.start(name, new StartRun(null, Map.of("nope", 1), null, null, null),
					RunCause.API, null))
				.hasMessageContaining("parameters.nope");
			assertThatThrownBy(
					() -> this.pipelines.start(name, new StartRun(7, Map.of(), null, null, null), RunCause.API, null))
				.isInstanceOf(SlipwayException.class)
				.extracting("code")
				.isEqualTo(ErrorCode.NOT_FOUND);
			assertThat(this.pipelines.runs(name, null, null, null).items()).isEmpty();
		}

		@Test
		void aStepThatCannotStartFailsWithTheReason() {
			String name = unique("nostart");
			this.pipelines.upload("""
					name: %s
					steps:
					  - name: missing
					    command: [/no/such/program-here]
					""".formatted(name), null);

			PipelineRun run = startAndWait(name, Map.of(), null);

			assertThat(run.state()).isEqualTo(RunState.FAILED);
			assertThat(step(run, "missing").message()).contains("could not start");
		}

	}

	@Nested
	@SpringBootTest(classes = CoreTestApplication.class)
	class EmbeddedH2 extends Contract {

		@DynamicPropertySource
		static void settings(DynamicPropertyRegistry registry) {
			properties(registry, "pipelines-h2");
		}

	}

	@Nested
	@OnPostgresql(schema = "pipelines")
	@SpringBootTest(classes = CoreTestApplication.class)
	class Postgresql extends Contract {

		@DynamicPropertySource
		static void settings(DynamicPropertyRegistry registry) {
			properties(registry, "pipelines-pg");
		}

	}

}
