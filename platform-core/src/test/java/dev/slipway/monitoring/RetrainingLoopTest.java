package dev.slipway.monitoring;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.slipway.CoreTestApplication;
import dev.slipway.pipelines.NewTrigger;
import dev.slipway.pipelines.PipelineRun;
import dev.slipway.pipelines.PipelineService;
import dev.slipway.pipelines.RunCause;
import dev.slipway.pipelines.TriggerService;
import dev.slipway.security.MutableClock;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.TestFolders;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The closed loop's first half through the real monitoring flow: production data that
 * drifts from its reference makes a dataset-drift rule fire when its window closes, and
 * that alert starts the retraining pipeline through an ALERT trigger, with the alert as
 * the run's cause and the model passed as a parameter; on both databases.
 */
class RetrainingLoopTest {

	static void properties(DynamicPropertyRegistry registry, String folder) {
		TestFolders.registerDataDir(registry, folder);
		registry.add("slipway.monitoring.evaluation-interval", () -> "1d");
		registry.add("slipway.webhooks.poll-interval", () -> "1d");
		registry.add("db-scheduler.polling-interval", () -> "200ms");
		registry.add("db-scheduler.shutdown-max-wait", () -> "2s");
	}

	abstract static class Contract extends MonitorFixture {

		@Autowired
		AlertService alerts;

		@Autowired
		MonitoringScheduler scheduler;

		@Autowired
		PipelineService pipelines;

		@Autowired
		TriggerService triggers;

		@Test
		void aDriftAlertStartsTheRetrainingPipeline() {
			Monitor monitor = monitor("retrain");
			this.monitors.setReference(monitor.id(), MonitorService.Format.CSV,
					body(csv(3000, 0, false, today() - 40 * DAY, 1)), "train.csv");
			this.alerts.create(monitor.id(), new NewAlertRule("dataset drift", AlertMetric.DATASET_DRIFT, null, null,
					null, null, null, null, null, null, null, 0L, List.of()));
			String pipeline = "retrain-" + System.nanoTime() % 1_000_000_000L;
			this.pipelines.upload("""
					name: %s
					params:
					  model: {type: string}
					steps:
					  - name: train
					    command: ["true"]
					""".formatted(pipeline), null);
			this.triggers.create(pipeline, new NewTrigger("on-drift", "ALERT", monitor.modelName(),
					Map.of("model", "{{event.model}}"), 0L, true));

			this.monitors.ingest(monitor.id(), MonitorService.Format.CSV,
					body(csv(1000, 1.5, true, today() + 3600_000, 20)));
			this.clock.advance(Duration.ofDays(1));
			this.scheduler.evaluateDue();

			await().atMost(Duration.ofSeconds(30))
				.pollInSameThread()
				.until(() -> !this.pipelines.runs(pipeline, null, null, null).items().isEmpty());
			PipelineRun run = this.pipelines.runs(pipeline, null, null, null).items().get(0);
			assertThat(run.cause()).isEqualTo(RunCause.TRIGGER);
			assertThat(run.causeDetail()).contains("dataset drift").contains(monitor.modelName());
			assertThat(run.parameters()).containsEntry("model", monitor.modelName());
			assertThat(this.alerts.history(monitor.id(), 10)).extracting(AlertEvent::state)
				.containsExactly(AlertState.FIRING);
		}

		private long today() {
			return WindowUnit.DAY.start(this.clock.millis(), ZoneOffset.UTC);
		}

	}

	@Nested
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
	class EmbeddedH2 extends Contract {

		@DynamicPropertySource
		static void settings(DynamicPropertyRegistry registry) {
			properties(registry, "retrain-h2");
		}

	}

	@Nested
	@OnPostgresql(schema = "retrain")
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
	class Postgresql extends Contract {

		@DynamicPropertySource
		static void settings(DynamicPropertyRegistry registry) {
			properties(registry, "retrain-pg");
		}

	}

}
