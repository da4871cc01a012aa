package dev.slipway.serving;

import java.time.Duration;
import java.util.List;

import dev.slipway.CoreTestApplication;
import dev.slipway.registry.RegistryService;
import dev.slipway.security.Accounts;
import dev.slipway.security.MutableClock;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.testsupport.WithSlipwayUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollout whose candidate never loads is rolled back once it has been unready for
 * {@code slipway.serving.candidate-load-timeout}, rather than waiting for requests that
 * the router sends to the stable version instead.
 */
@WithSlipwayUser
@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
class CandidateLoadTimeoutTest {

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "candidate-load-timeout");
		registry.add("slipway.serving.rollout-interval", () -> "1d");
		registry.add("slipway.serving.stats-interval", () -> "1d");
		registry.add("slipway.serving.refresh-interval", () -> "1d");
		registry.add("slipway.serving.candidate-load-timeout", () -> "1500ms");
	}

	@Autowired
	DeploymentService deployments;

	@Autowired
	ServingService serving;

	@Autowired
	RolloutEngine engine;

	@Autowired
	RegistryService registry;

	@Autowired
	MutableClock clock;

	@Test
	void aCandidateThatNeverLoadsIsRolledBackAfterTheTimeoutWithTheReason() throws InterruptedException {
		String model = Accounts.unique("unloadable");
		this.registry.createModel(model, null, List.of());
		// Neither version has files anywhere: loading fails.
		this.registry.createVersion(model, "s3://nowhere/" + model + "/1", null, List.of(), null, null, null);
		this.registry.createVersion(model, "s3://nowhere/" + model + "/2", null, List.of(), null, null, null);
		Deployment deployment = this.deployments.create(new NewDeployment(model, null, model, "1", null, null));
		this.deployments.startRollout(model, "2", null, new RolloutPlan(Strategy.CANARY,
				List.of(new RolloutPlan.Step(10, 60L)), null, null, null, null, Gates.none()));

		this.clock.advance(Duration.ofSeconds(30));
		this.engine.tick();
		assertThat(this.deployments.get(model).phase()).as("not yet past the timeout")
			.isEqualTo(DeploymentPhase.PROGRESSING);

		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (this.serving.candidateProblem(model, 2).isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		this.engine.tick();

		Deployment after = this.deployments.get(deployment.name());
		assertThat(after.phase()).isEqualTo(DeploymentPhase.ABORTED);
		assertThat(after.stableVersion()).isEqualTo(1);
		assertThat(after.message()).startsWith("rolled back automatically: version 2 ");
		assertThat(this.deployments.history(model, null, 1).get(0).actor()).isEqualTo("slipway");
	}

}
