package dev.slipway.serving;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import dev.slipway.CoreTestApplication;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.monitoring.ColumnHistory;
import dev.slipway.monitoring.ColumnKind;
import dev.slipway.monitoring.Monitor;
import dev.slipway.monitoring.MonitorSchema;
import dev.slipway.monitoring.MonitorService;
import dev.slipway.monitoring.NewMonitor;
import dev.slipway.monitoring.WindowUnit;
import dev.slipway.registry.GovernanceService;
import dev.slipway.registry.PolicyRule;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.RequestStatus;
import dev.slipway.registry.TargetKind;
import dev.slipway.security.Accounts;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.MutableClock;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.testsupport.WithSlipwayUser;
import dev.slipway.webhooks.WebhookService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Rollouts end to end in the core, with traffic written as replicas write it: a canary
 * walks its steps while its checks pass and promotes (moving the registry alias, or
 * opening a transition request where a policy protects it); a candidate that errors or is
 * slow is rolled back by itself with the reason in the history, the audit trail and a
 * queued webhook; manual pause, resume, abort and rollback; refusals; on both databases.
 */
class RolloutTest {

	static void properties(DynamicPropertyRegistry registry, String folder) {
		TestFolders.registerDataDir(registry, folder);
		// The tests drive the engine and the statistics themselves.
		registry.add("slipway.serving.rollout-interval", () -> "1d");
		registry.add("slipway.serving.stats-interval", () -> "1d");
		registry.add("slipway.serving.refresh-interval", () -> "1d");
		registry.add("slipway.webhooks.poll-interval", () -> "1d");
	}

	@WithSlipwayUser
	abstract static class Contract {

		@Autowired
		ApplicationContext context;

		@Autowired
		DeploymentService deployments;

		@Autowired
		RolloutEngine engine;

		@Autowired
		DeploymentStats stats;

		@Autowired
		RegistryService registry;

		@Autowired
		GovernanceService governance;

		@Autowired
		WebhookService webhooks;

		@Autowired
		JdbcClient jdbc;

		@Autowired
		MonitorService monitors;

		@Autowired
		MutableClock clock;

		String model;

		@BeforeEach
		void model() {
			this.model = Accounts.unique("churn");
			this.registry.createModel(this.model, null, List.of());
			for (int i = 1; i <= 3; i++) {
				this.registry.createVersion(this.model, "s3://models/churn/" + i, null, List.of(), null, null, null);
			}
		}

		Deployment deploy(DeploymentOptions options) {
			return this.deployments.create(new NewDeployment(this.model, null, this.model, "1", null, options));
		}

		static Gates gates(Integer minRequests, Double maxErrorRate, Double maxP99, Integer failureLimit) {
			return new Gates(10, minRequests, maxErrorRate, maxP99, null, null, null, failureLimit);
		}

		/** Traffic of one version in the current ten seconds, as a replica writes it. */
		void traffic(Deployment deployment, int version, int requests, int errors, long latencyMillis) {
			LatencyHistogram latency = new LatencyHistogram();
			for (int i = 0; i < requests; i++) {
				latency.record(latencyMillis * 1_000_000);
			}
			long start = Math.floorDiv(this.clock.millis(), DeploymentStats.BUCKET_MILLIS)
					* DeploymentStats.BUCKET_MILLIS;
			this.stats.write(Accounts.unique("replica"), List
				.of(new DeploymentStats.Bucket(deployment.id(), version, start, requests, errors, latency, 0, 0)));
		}

		/** Moves the clock and lets the engine judge the rollout. */
		Deployment tick(Deployment deployment, Duration later) {
			this.clock.advance(later);
			this.engine.tick();
			return this.deployments.get(deployment.name());
		}

		List<String> actions(Deployment deployment) {
			List<String> actions = new ArrayList<>(this.deployments.history(deployment.name(), null, 100)
				.stream()
				.map(DeploymentChange::action)
				.toList());
			Collections.reverse(actions);
			return actions;
		}

		long count(String sql, Object... params) {
			return this.jdbc.sql(sql).params(params).query(Long.class).single();
		}

		@Test
		void aCanaryWalksItsStepsWhileItsChecksPassAndPromotesMovingTheAlias() {
			Deployment deployment = deploy(new DeploymentOptions(null, "champion", null));
			deployment = this.deployments.startRollout(deployment.name(), "2", null,
					new RolloutPlan(Strategy.CANARY, List.of(new RolloutPlan.Step(10, 20L),
							new RolloutPlan.Step(50, 20L), new RolloutPlan.Step(100, 0L)), null, null, null, null,
							gates(20, 0.05, 200.0, 0)));
			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.PROGRESSING);
			assertThat(deployment.candidateWeight()).isEqualTo(10.0);

			deployment = tick(deployment, Duration.ofSeconds(10));
			assertThat(deployment.stepIndex()).as("too few candidate requests to judge").isZero();
			assertThat(deployment.message()).contains("waiting for 20 candidate requests");

			traffic(deployment, 2, 30, 0, 5);
			traffic(deployment, 1, 270, 1, 5);
			deployment = tick(deployment, Duration.ofSeconds(10));
			assertThat(deployment.stepIndex()).isEqualTo(1);
			assertThat(deployment.candidateWeight()).isEqualTo(50.0);

			traffic(deployment, 2, 40, 1, 8);
			deployment = tick(deployment, Duration.ofSeconds(20));
			assertThat(deployment.stepIndex()).isEqualTo(2);
			assertThat(deployment.candidateWeight()).isEqualTo(100.0);

			traffic(deployment, 2, 40, 0, 8);
			deployment = tick(deployment, Duration.ofSeconds(10));
			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.STABLE);
			assertThat(deployment.stableVersion()).isEqualTo(2);
			assertThat(deployment.previousVersion()).isEqualTo(1);
			assertThat(deployment.candidateVersion()).isNull();
			assertThat(actions(deployment)).containsExactly("deployment.created", "deployment.rollout_started",
					"deployment.step_advanced", "deployment.step_advanced", "deployment.promoted",
					"deployment.registry_followed");
			assertThat(this.registry.getByAlias(this.model, "champion").version()).isEqualTo(2);
			assertThat(count("SELECT COUNT(*) FROM audit_events WHERE action = 'deployment.promoted' "
					+ "AND resource_name = ? AND actor = 'slipway'", deployment.name()))
				.isEqualTo(1);
		}

		@Test
		void aPromotionToAProtectedAliasOpensATransitionRequest() {
			this.governance.setPolicyRule(this.model, new PolicyRule(TargetKind.ALIAS, "champion", true, false, null));
			Deployment deployment = deploy(new DeploymentOptions(null, "champion", null));
			this.deployments.startRollout(deployment.name(), "2", null,
					new RolloutPlan(Strategy.BLUE_GREEN, null, null, null, null, null, null));

			deployment = this.deployments.promote(deployment.name(), "looks good");

			assertThat(deployment.stableVersion()).isEqualTo(2);
			assertThat(this.governance.requests(this.model, RequestStatus.PENDING, 10)).singleElement()
				.satisfies((request) -> {
					assertThat(request.version()).isEqualTo(2);
					assertThat(request.target()).isEqualTo("champion");
				});
			assertThat(this.deployments.history(deployment.name(), null, 1).get(0).reason())
				.contains("protected: opened transition request");
		}

		@Test
		void aCandidateThatErrorsIsRolledBackByItselfWithTheReasonAuditedAndAWebhookQueued() {
			Deployment deployment = deploy(null);
			this.webhooks.create(this.model, "pager", "https://hooks.example.com/deploys",
					List.of("deployment.aborted", "deployment.promoted"));
			this.deployments.startRollout(deployment.name(), "2", null, new RolloutPlan(Strategy.CANARY,
					List.of(new RolloutPlan.Step(10, 60L)), null, null, null, null, gates(20, 0.05, null, 1)));

			traffic(deployment, 2, 40, 10, 5);
			deployment = tick(deployment, Duration.ofSeconds(10));
			assertThat(deployment.phase()).as("one failed check is tolerated").isEqualTo(DeploymentPhase.PROGRESSING);
			assertThat(deployment.failedChecks()).isEqualTo(1);

			deployment = tick(deployment, Duration.ofSeconds(10));
			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.ABORTED);
			assertThat(deployment.candidateWeight()).isZero();
			assertThat(deployment.stableVersion()).isEqualTo(1);
			assertThat(deployment.message()).startsWith("rolled back automatically: error rate 25.00% above 5.00%");
			DeploymentChange aborted = this.deployments.history(deployment.name(), null, 1).get(0);
			assertThat(aborted.action()).isEqualTo("deployment.aborted");
			assertThat(aborted.actor()).isEqualTo("slipway");
			assertThat(aborted.details()).contains("\"errors\":10");
			assertThat(count("SELECT COUNT(*) FROM audit_events WHERE action = 'deployment.aborted' "
					+ "AND resource_name = ? AND reason LIKE ?", deployment.name(), "%error rate%"))
				.isEqualTo(1);
			assertThat(count(
					"SELECT COUNT(*) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
							+ "WHERE w.name = 'pager' AND d.event_type = 'deployment.aborted' AND d.payload LIKE ?",
					"%error rate 25.00%"))
				.isEqualTo(1);
		}

		@Test
		void aSlowCandidateIsRolledBackOnItsLatency() {
			Deployment deployment = deploy(null);
			this.deployments.startRollout(deployment.name(), "2", null,
					new RolloutPlan(Strategy.CANARY, List.of(new RolloutPlan.Step(20, 60L)), null, null, null, null,
							new Gates(10, 20, null, 50.0, null, 2.0, null, 0)));
			traffic(deployment, 1, 100, 0, 4);
			traffic(deployment, 2, 30, 0, 400);

			deployment = tick(deployment, Duration.ofSeconds(10));

			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.ABORTED);
			assertThat(deployment.message()).contains("p99 latency")
				.contains("above 50.0 ms")
				.contains("times the stable");
		}

		@Test
		void aStepWithoutAPauseWaitsForAPersonAndTheChecksStillRunWhilePaused() {
			Deployment deployment = deploy(null);
			deployment = this.deployments.startRollout(deployment.name(), "2", null,
					new RolloutPlan(Strategy.CANARY,
							List.of(new RolloutPlan.Step(25, null), new RolloutPlan.Step(75, 0L)), null, null, null,
							null, gates(0, null, null, 0)));
			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.PAUSED);
			deployment = tick(deployment, Duration.ofMinutes(5));
			assertThat(deployment.stepIndex()).isZero();

			deployment = this.deployments.resume(deployment.name(), null);
			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.PROGRESSING);
			assertThat(deployment.candidateWeight()).isEqualTo(75.0);
			deployment = this.deployments.pause(deployment.name(), "holding for the weekend");
			deployment = tick(deployment, Duration.ofMinutes(5));
			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.PAUSED);
			assertThat(deployment.stepIndex()).isEqualTo(1);

			deployment = this.deployments.resume(deployment.name(), null);
			deployment = tick(deployment, Duration.ofSeconds(10));
			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.STABLE);
			assertThat(deployment.stableVersion()).isEqualTo(2);

			deployment = this.deployments.rollback(deployment.name(), "customer complaints");
			assertThat(deployment.stableVersion()).isEqualTo(1);
			assertThat(deployment.previousVersion()).isEqualTo(2);
			assertThat(actions(deployment)).endsWith("deployment.promoted", "deployment.rolled_back");
		}

		@Test
		void wrongActionsAndBadPlansAreRefusedNamingTheField() {
			Deployment deployment = deploy(null);
			assertThatThrownBy(() -> this.deployments.promote(deployment.name(), null)).isInstanceOfSatisfying(
					SlipwayException.class, (ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_STATE));
			assertThatThrownBy(() -> this.deployments.rollback(deployment.name(), null))
				.hasMessageContaining("no earlier version");
			assertThatThrownBy(() -> this.deployments.startRollout(deployment.name(), "1", null,
					new RolloutPlan(Strategy.BLUE_GREEN, null, null, null, null, null, null)))
				.hasMessageContaining("already the stable version");
			assertThatThrownBy(
					() -> this.deployments.startRollout(deployment.name(), "2", null, new RolloutPlan(Strategy.CANARY,
							List.of(new RolloutPlan.Step(120, 1L)), null, null, null, null, null)))
				.hasMessage("steps[0].weight: must be from 0 to 100");
			assertThatThrownBy(() -> this.deployments.startRollout(deployment.name(), "2", null,
					new RolloutPlan(Strategy.AB, null, 0.0, null, null, null, null)))
				.hasMessageStartingWith("split:");
			assertThatThrownBy(() -> this.deployments.startRollout(deployment.name(), "2",
					new Backend("external", "ftp://example.com", null, null, null, null),
					new RolloutPlan(Strategy.BLUE_GREEN, null, null, null, null, null, null)))
				.hasMessageStartingWith("backend.url:");
			assertThatThrownBy(
					() -> this.deployments.create(new NewDeployment("Bad_Name", null, this.model, "1", null, null)))
				.hasMessageStartingWith("name:");
			assertThatThrownBy(() -> this.deployments
				.create(new NewDeployment(deployment.name(), null, this.model, "1", null, null)))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
			assertThatThrownBy(() -> this.deployments
				.create(new NewDeployment(Accounts.unique("x"), null, this.model, "9", null, null)))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND));

			this.deployments.startRollout(deployment.name(), "2", null,
					new RolloutPlan(Strategy.AB, null, 50.0, "X-User", null, null, null));
			assertThatThrownBy(() -> this.deployments.startRollout(deployment.name(), "3", null,
					new RolloutPlan(Strategy.AB, null, 50.0, "X-User", null, null, null)))
				.hasMessageContaining("already rolling out version 2");
			Deployment aborted = this.deployments.abort(deployment.name(), null);
			assertThat(aborted.phase()).isEqualTo(DeploymentPhase.ABORTED);
			assertThat(this.deployments
				.startRollout(deployment.name(), "3", null,
						new RolloutPlan(Strategy.SHADOW, null, null, null, 25.0, null, null))
				.candidateVersion()).as("a new rollout replaces an aborted candidate").isEqualTo(3);
		}

		@Test
		void othersSeeOnlyDeploymentsOfModelsTheyMayRead() {
			Deployment deployment = deploy(null);
			Accounts accounts = Accounts.of(this.context);
			accounts.actAs(accounts.viewer());
			assertThat(this.deployments.list(null, null, 100).items()).extracting(Deployment::name)
				.contains(deployment.name());
			assertThatThrownBy(() -> this.deployments.abort(deployment.name(), null))
				.isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
		}

		/**
		 * A monitor of the model whose reference holds 2,000 predictions spread evenly
		 * over [0, 1).
		 */
		Monitor predictionMonitor() {
			Monitor monitor = this.monitors.create(this.model,
					new NewMonitor("predictions", null, null,
							new MonitorSchema(
									List.of(new MonitorSchema.Column("x", ColumnKind.NUMERICAL),
											new MonitorSchema.Column("score", ColumnKind.NUMERICAL)),
									"score", null, null, null, null, null, null),
							WindowUnit.DAY, "UTC", null));
			Random random = new Random(7);
			StringBuilder csv = new StringBuilder("x,score\n");
			for (int i = 0; i < 2000; i++) {
				csv.append(random.nextGaussian()).append(',').append(random.nextDouble()).append('\n');
			}
			this.monitors.setReference(monitor.id(), MonitorService.Format.CSV,
					new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), "train.csv");
			return monitor;
		}

		/**
		 * Seven replicas' samples of a version's predictions in the current ten seconds:
		 * 224 values spread evenly over [low, low + 1).
		 */
		void predictions(Deployment deployment, int version, double low, long seed) {
			Random random = new Random(seed);
			long start = Math.floorDiv(this.clock.millis(), DeploymentStats.BUCKET_MILLIS)
					* DeploymentStats.BUCKET_MILLIS;
			for (int replica = 0; replica < 7; replica++) {
				List<Double> values = new ArrayList<>();
				for (int i = 0; i < ServingStats.SAMPLE_SIZE; i++) {
					values.add(low + random.nextDouble());
				}
				this.stats.write(Accounts.unique("replica"), List.of(new DeploymentStats.Bucket(deployment.id(),
						version, start, values.size(), 0, new LatencyHistogram(), 0, 0, DeploymentJson.write(values))));
			}
		}

		@Test
		void aCandidateWhosePredictionsDriftFromTheMonitorsReferenceIsRolledBack() {
			Monitor monitor = predictionMonitor();
			Deployment deployment = deploy(new DeploymentOptions(monitor.id(), null, null));
			this.deployments.startRollout(deployment.name(), "2", null,
					new RolloutPlan(Strategy.CANARY, List.of(new RolloutPlan.Step(50, 60L)), null, null, null, null,
							new Gates(10, 20, null, null, null, null, null, 0, true)));
			predictions(deployment, 1, 0.0, 1);
			predictions(deployment, 2, 0.6, 2);

			deployment = tick(deployment, Duration.ofSeconds(10));

			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.ABORTED);
			assertThat(deployment.message())
				.startsWith(
						"rolled back automatically: predictions drift from monitor " + monitor.id() + "'s reference")
				.contains("while the stable version's do not");
			DeploymentChange aborted = this.deployments.history(deployment.name(), null, 1).get(0);
			assertThat(aborted.details()).contains("\"prediction_drift\"").contains("\"verdict\":\"DRIFT\"");
		}

		@Test
		void predictionsThatDriftInBothVersionsAreTheDatasNotTheCandidatesAndItPromotes() {
			Monitor monitor = predictionMonitor();
			Deployment deployment = deploy(new DeploymentOptions(monitor.id(), null, null));
			this.deployments.startRollout(deployment.name(), "2", null,
					new RolloutPlan(Strategy.CANARY, List.of(new RolloutPlan.Step(50, 20L)), null, null, null, null,
							new Gates(10, 20, null, null, null, null, null, 0, true)));
			// The data moved: both versions' predictions drift alike, which is not the
			// candidate's fault.
			predictions(deployment, 1, 0.6, 3);
			predictions(deployment, 2, 0.6, 4);
			deployment = tick(deployment, Duration.ofSeconds(10));
			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.PROGRESSING);
			assertThat(deployment.failedChecks()).isZero();

			deployment = tick(deployment, Duration.ofSeconds(10));
			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.STABLE);
			assertThat(deployment.stableVersion()).isEqualTo(2);
		}

		@Test
		void aDriftGateNeedsAMonitorThatCanJudgePredictions() {
			Deployment deployment = deploy(null);
			assertThatThrownBy(() -> this.deployments.startRollout(deployment.name(), "2", null,
					new RolloutPlan(Strategy.CANARY, List.of(new RolloutPlan.Step(10, 20L)), null, null, null, null,
							new Gates(10, 20, null, null, null, null, null, 0, true))))
				.isInstanceOfSatisfying(SlipwayException.class, (ex) -> {
					assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
					assertThat(ex.getMessage()).contains("gates.prediction_drift");
				});
			assertThat(this.deployments.get(deployment.name()).phase()).isEqualTo(DeploymentPhase.STABLE);
		}

		/**
		 * Logged predictions reach the deployment's monitor as rows in memory
		 * ({@code MonitorService.ingestRows}), profiled into the day's window, with the
		 * values as given and the prediction as the monitor's prediction column.
		 */
		@Test
		void loggedPredictionsReachTheMonitor() throws InterruptedException {
			PredictionLog log = this.context.getBean(PredictionLog.class);
			Monitor monitor = predictionMonitor();
			String owner = CurrentUser.require().username();
			List<PredictionLog.Entry> entries = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				entries.add(new PredictionLog.Entry(monitor.id(), owner, "churn-live", 1, List.of("x"),
						List.of((i % 2 == 0) ? (Object) (double) i : (Object) (long) i), i / 40.0, "p-" + i,
						this.clock.millis(), 0.5));
			}
			log.offer(entries);
			assertThat(log.awaitIdle(30_000)).isTrue();

			long day = Duration.ofDays(1).toMillis();
			ColumnHistory x = this.monitors.columnHistory(monitor.id(), "x", WindowUnit.DAY, this.clock.millis() - day,
					this.clock.millis() + day, 10);
			assertThat(x.windows()).singleElement().satisfies((window) -> {
				assertThat(window.count()).isEqualTo(40);
				assertThat(window.min()).isEqualTo(0.0);
				assertThat(window.max()).isEqualTo(39.0);
			});
			ColumnHistory score = this.monitors.columnHistory(monitor.id(), "score", WindowUnit.DAY,
					this.clock.millis() - day, this.clock.millis() + day, 10);
			assertThat(score.windows()).singleElement()
				.satisfies((window) -> assertThat(window.mean()).isCloseTo(19.5 / 40, within(1e-9)));
		}

		@Test
		void aShadowRolloutPromotesAfterItsPreviewWhenTheAnswersAgree() {
			Deployment deployment = deploy(null);
			this.deployments.startRollout(deployment.name(), "2", null, new RolloutPlan(Strategy.SHADOW, null, null,
					null, 50.0, 30L, new Gates(10, 10, null, null, null, null, 0.1, 0)));
			long start = Math.floorDiv(this.clock.millis(), DeploymentStats.BUCKET_MILLIS)
					* DeploymentStats.BUCKET_MILLIS;
			this.stats.write("r", List
				.of(new DeploymentStats.Bucket(deployment.id(), 2, start, 20, 0, new LatencyHistogram(), 20, 1)));
			deployment = tick(deployment, Duration.ofSeconds(10));
			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.PROGRESSING);
			deployment = tick(deployment, Duration.ofSeconds(25));
			assertThat(deployment.phase()).isEqualTo(DeploymentPhase.STABLE);
			assertThat(deployment.stableVersion()).isEqualTo(2);
			DeploymentTraffic traffic = this.deployments.traffic(deployment.name(), 0L);
			assertThat(traffic.stable().disagreement()).isEqualTo(0.05);
		}

	}

	@Nested
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
	class EmbeddedH2 extends Contract {

		@DynamicPropertySource
		static void settings(DynamicPropertyRegistry registry) {
			properties(registry, "rollouts-h2");
		}

	}

	@Nested
	@OnPostgresql(schema = "rollouts")
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
	class Postgresql extends Contract {

		@DynamicPropertySource
		static void settings(DynamicPropertyRegistry registry) {
			properties(registry, "rollouts-pg");
		}

	}

}
