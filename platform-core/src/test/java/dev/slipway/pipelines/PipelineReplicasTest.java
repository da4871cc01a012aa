package dev.slipway.pipelines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.CoreTestApplication;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.CurrentUser;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Slipway replicas (two application contexts) on one PostgreSQL share pipeline work
 * through db-scheduler: a replica that dies in the middle of a step leaves its attempt to
 * the other, which marks it lost, stops the orphaned process and retries the step by its
 * policy; and with both alive, no step runs twice.
 */
@Requires(Requirement.POSTGRESQL)
class PipelineReplicasTest {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void stop() {
		for (ConfigurableApplicationContext context : this.contexts) {
			try {
				context.close();
			}
			catch (RuntimeException ex) {
				// A replica whose database was taken away closes with errors.
			}
		}
	}

	private ConfigurableApplicationContext replica(String name, String schema, Path dataDir) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CoreTestApplication.class)
			.web(WebApplicationType.NONE)
			.properties(Map.ofEntries(Map.entry("slipway.database.url", PostgresTestDatabase.jdbcUrl(schema)),
					Map.entry("slipway.database.username", PostgresTestDatabase.username()),
					Map.entry("slipway.database.password", PostgresTestDatabase.password()),
					// Shared artifacts (a folder standing in for S3), a work folder each.
					Map.entry("slipway.data-dir", dataDir.toString()),
					Map.entry("slipway.pipelines.work-dir", dataDir.resolve("work-" + name).toString()),
					Map.entry("slipway.pipelines.poll-interval", "100ms"),
					Map.entry("slipway.pipelines.stop-grace-period", "1s"),
					Map.entry("db-scheduler.scheduler-name", name), Map.entry("db-scheduler.polling-interval", "200ms"),
					Map.entry("db-scheduler.heartbeat-interval", "1s"),
					Map.entry("db-scheduler.missed-heartbeats-limit", "4"),
					Map.entry("db-scheduler.immediate-execution-enabled", "true"),
					Map.entry("db-scheduler.shutdown-max-wait", "1s")))
			.run();
		this.contexts.add(context);
		return context;
	}

	private static <T> T asAdmin(ConfigurableApplicationContext context, Supplier<T> work) {
		return CurrentUser.runAs(context.getBean(ApiTokenService.class).principalOf("admin").orElseThrow(), work);
	}

	@Test
	void anAttemptOfAReplicaThatDiesIsLostAndRetriedOnTheOther(@TempDir Path pids) throws IOException {
		Path dataDir = TestFolders.fresh("replicas-lost");
		ConfigurableApplicationContext a = replica("replica-a", "replicas-lost", dataDir);
		Path pidFile = pids.resolve("pid");
		String definition = """
				name: lost-step
				steps:
				  - name: slow
				    command: [sh, -c, "if [ $SLIPWAY_ATTEMPT = 1 ]; then echo $$ > %s; exec sleep 300; fi; echo attempt $SLIPWAY_ATTEMPT"]
				    retry: {maxAttempts: 2, backoff: 1s}
				"""
			.formatted(pidFile);
		PipelineService onA = a.getBean(PipelineService.class);
		long runId = asAdmin(a, () -> {
			onA.upload(definition, null);
			return onA.start("lost-step", new StartRun(null, Map.of(), null, null, null), RunCause.API, null).id();
		});
		await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
		long pid = Long.parseLong(Files.readString(pidFile).strip());

		ConfigurableApplicationContext b = replica("replica-b", "replicas-lost", dataDir);
		// Replica A dies: its database connections go and its heartbeats stop; its step
		// process lives on, as an orphan would.
		a.getBean(HikariDataSource.class).close();

		PipelineService onB = b.getBean(PipelineService.class);
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> asAdmin(b, () -> onB.get(runId).state().ended()));
		PipelineRun run = asAdmin(b, () -> onB.get(runId));

		assertThat(run.state()).as(run.message()).isEqualTo(RunState.SUCCEEDED);
		List<Attempt> attempts = run.steps().get(0).attemptList();
		assertThat(attempts).extracting(Attempt::state).containsExactly("LOST", "SUCCEEDED");
		assertThat(attempts.get(0).owner()).isEqualTo("replica-a");
		assertThat(attempts.get(0).message()).contains("replica-a stopped while it ran");
		assertThat(attempts.get(1).owner()).isEqualTo("replica-b");
		await().atMost(Duration.ofSeconds(20))
			.alias("the orphaned process of the dead replica is stopped")
			.until(() -> ProcessHandle.of(pid).map((process) -> !process.isAlive()).orElse(true));
	}

	@Test
	void twoLiveReplicasNeverRunAStepTwice(@TempDir Path out) throws IOException {
		Path dataDir = TestFolders.fresh("replicas-twice");
		ConfigurableApplicationContext a = replica("replica-a", "replicas-twice", dataDir);
		ConfigurableApplicationContext b = replica("replica-b", "replicas-twice", dataDir);
		Path log = out.resolve("ran");
		StringBuilder steps = new StringBuilder("name: wide\nsteps:\n");
		for (int i = 1; i <= 8; i++) {
			steps.append("  - name: s").append(i).append('\n');
			steps.append("    command: [sh, -c, \"echo $SLIPWAY_STEP >> ").append(log).append("; sleep 0.3\"]\n");
		}
		steps.append("  - name: last\n    dependsOn: [s1, s2, s3, s4, s5, s6, s7, s8]\n");
		steps.append("    command: [sh, -c, \"echo $SLIPWAY_STEP >> ").append(log).append("\"]\n");
		PipelineService onA = a.getBean(PipelineService.class);
		PipelineService onB = b.getBean(PipelineService.class);
		List<Long> runs = new ArrayList<>();
		asAdmin(a, () -> onA.upload(steps.toString(), null));
		for (int i = 0; i < 3; i++) {
			PipelineService service = (i % 2 == 0) ? onA : onB;
			ConfigurableApplicationContext context = (i % 2 == 0) ? a : b;
			runs.add(asAdmin(context,
					() -> service.start("wide", new StartRun(null, Map.of(), false, null, null), RunCause.API, null)
						.id()));
		}
		for (long runId : runs) {
			await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> asAdmin(a, () -> onA.get(runId).state().ended()));
			assertThat(asAdmin(a, () -> onA.get(runId).state())).isEqualTo(RunState.SUCCEEDED);
		}

		List<String> ran = Files.readAllLines(log);
		assertThat(ran).hasSize(3 * 9);
		for (String step : List.of("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "last")) {
			assertThat(ran).as(step).filteredOn(step::equals).hasSize(3);
		}
		List<String> owners = new ArrayList<>();
		for (long runId : runs) {
			asAdmin(a, () -> onA.get(runId)).steps()
				.forEach((step) -> step.attemptList().forEach((attempt) -> owners.add(attempt.owner())));
		}
		assertThat(owners).hasSize(27).containsOnly("replica-a", "replica-b");
	}

}
