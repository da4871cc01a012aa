package dev.slipway.serving;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.slipway.CoreTestApplication;
import dev.slipway.registry.RegistryService;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.CurrentUser;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Slipway replicas (two application contexts) on one PostgreSQL: a rollout's gates
 * read both replicas' requests (neither alone has enough to judge; together they fail the
 * error-rate gate), both replicas' engines judging at once abort it exactly once, and the
 * other replica's router stops sending traffic to the candidate within its refresh
 * interval.
 */
@Requires(Requirement.POSTGRESQL)
class ServingReplicasTest {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void stop() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	private ConfigurableApplicationContext replica(String name, String schema, Path dataDir) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CoreTestApplication.class)
			.web(WebApplicationType.NONE)
			.properties(Map.ofEntries(Map.entry("slipway.database.url", PostgresTestDatabase.jdbcUrl(schema)),
					Map.entry("slipway.database.username", PostgresTestDatabase.username()),
					Map.entry("slipway.database.password", PostgresTestDatabase.password()),
					Map.entry("slipway.data-dir", dataDir.toString()), Map.entry("db-scheduler.scheduler-name", name),
					// The test writes the statistics and runs the engines itself.
					Map.entry("slipway.serving.stats-interval", "1d"),
					Map.entry("slipway.serving.rollout-interval", "1d"),
					Map.entry("slipway.serving.refresh-interval", "200ms")))
			.run();
		this.contexts.add(context);
		return context;
	}

	private static <T> T asAdmin(ConfigurableApplicationContext context, Supplier<T> work) {
		return CurrentUser.runAs(context.getBean(ApiTokenService.class).principalOf("admin").orElseThrow(), work);
	}

	@Test
	void gatesReadEveryReplicasRequestsAndOneReplicaJudgesEachCheck() {
		Path dataDir = TestFolders.fresh("serving-replicas");
		ConfigurableApplicationContext a = replica("replica-a", "serving_replicas", dataDir);
		ConfigurableApplicationContext b = replica("replica-b", "serving_replicas", dataDir);
		DeploymentService onA = a.getBean(DeploymentService.class);
		Deployment deployment = asAdmin(a, () -> {
			RegistryService registry = a.getBean(RegistryService.class);
			registry.createModel("replicated", null, List.of());
			registry.createVersion("replicated", "s3://models/replicated/1", null, List.of(), null, null, null);
			registry.createVersion("replicated", "s3://models/replicated/2", null, List.of(), null, null, null);
			onA.create(new NewDeployment("replicated", null, "replicated", "1", null, null));
			return onA.startRollout("replicated", "2", null,
					new RolloutPlan(Strategy.CANARY, List.of(new RolloutPlan.Step(50, 3600L)), null, null, null, null,
							new Gates(1, 30, 0.05, null, null, null, null, 0)));
		});
		ServingService routerOnB = b.getBean(ServingService.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> asAdmin(b, () -> routerOnB.status("replicated").candidateVersion()) != null);

		// Each replica answered 20 candidate requests, 2 of them failed: fewer than the
		// 30 a check needs on either, a 10 % error rate together.
		for (ConfigurableApplicationContext replica : List.of(a, b)) {
			ServingStats stats = replica.getBean(ServingStats.class);
			for (int i = 0; i < 20; i++) {
				stats.record("replicated", deployment.id(), 2, (i < 2) ? "error" : "success", i < 2, 3_000_000);
			}
			stats.flush();
		}
		await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(2)).until(() -> true);
		CompletableFuture<Void> judgeA = CompletableFuture.runAsync(() -> a.getBean(RolloutEngine.class).tick());
		CompletableFuture<Void> judgeB = CompletableFuture.runAsync(() -> b.getBean(RolloutEngine.class).tick());
		CompletableFuture.allOf(judgeA, judgeB).join();

		Deployment after = asAdmin(b, () -> b.getBean(DeploymentService.class).get("replicated"));
		assertThat(after.phase()).isEqualTo(DeploymentPhase.ABORTED);
		assertThat(after.message()).contains("error rate 10.00% above 5.00%");
		List<DeploymentChange> history = asAdmin(a, () -> onA.history("replicated", null, 50));
		assertThat(history).filteredOn((change) -> change.action().equals("deployment.aborted")).hasSize(1);
		assertThat(history).filteredOn((change) -> change.action().equals("deployment.check_failed")).isEmpty();
		DeploymentTraffic traffic = asAdmin(a, () -> onA.traffic("replicated", 0L));
		assertThat(traffic.candidate().requests()).isEqualTo(40);
		assertThat(traffic.candidate().errors()).isEqualTo(4);
		await().atMost(Duration.ofSeconds(10))
			.alias("replica B stops routing to the aborted candidate")
			.until(() -> asAdmin(b, () -> routerOnB.status("replicated").candidateVersion()) == null);
	}

}
