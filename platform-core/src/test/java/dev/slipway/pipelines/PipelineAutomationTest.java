package dev.slipway.pipelines;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.slipway.CoreTestApplication;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.monitoring.AlertMetric;
import dev.slipway.monitoring.AlertState;
import dev.slipway.monitoring.MonitorAlert;
import dev.slipway.registry.RegistryService;
import dev.slipway.security.Accounts;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.security.UserChanges;
import dev.slipway.security.UserService;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.WithSlipwayUser;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.slipway.security.SecurityAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Schedules and triggers end to end in the core: the schedule tick (called with the time
 * it runs at) starts runs as the schedule's account with their fire times, keeps to
 * max_concurrent and the catch-up limit, ignores disabled schedules and disables one
 * whose account is gone; triggers start runs after an alert fires (once per event, not
 * within the cooldown, never for a rolled-back evaluation), after a model version is
 * created (with the version as a parameter) and after another pipeline succeeds, and
 * refuse a loop; on both databases.
 */
class PipelineAutomationTest {

	static final Duration WAIT = Duration.ofSeconds(60);

	@WithSlipwayUser
	abstract static class Contract {

		@Autowired
		PipelineService pipelines;

		@Autowired
		TriggerListener triggerListener;

		@Autowired
		ScheduleService schedules;

		@Autowired
		ScheduleTicker ticker;

		@Autowired
		TriggerService triggers;

		@Autowired
		RegistryService registry;

		@Autowired
		UserService users;

		@Autowired
		ApplicationEventPublisher events;

		@Autowired
		TransactionTemplate transaction;

		@Autowired
		ApplicationContext context;

		@Autowired
		JdbcClient jdbc;

		private static int counter;

		/**
		 * A fire time a day ahead, so the server's own ticks leave the schedule alone.
		 */
		final Instant t0 = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

		String unique(String prefix) {
			return prefix + "-" + System.nanoTime() % 1_000_000_000L + "-" + (++counter);
		}

		/** A one-step pipeline with an int and a string parameter. */
		String pipeline(String command) {
			String name = unique("auto");
			this.pipelines.upload("""
					name: %s
					params:
					  rows: {type: int, default: 1}
					  note: {type: string, default: ""}
					steps:
					  - name: only
					    command: [sh, -c, "%s"]
					""".formatted(name, command), null);
			return name;
		}

		NewSchedule hourly(String name, Instant startAt) {
			return new NewSchedule(name, null, 3600L, null, startAt, null, null, null, null, Map.of(), null);
		}

		/** The pipeline's runs, once every trigger event published so far is handled. */
		List<PipelineRun> runs(String pipeline) {
			this.triggerListener.awaitIdle();
			return this.pipelines.runs(pipeline, null, null, null).items();
		}

		Long scheduledFor(long runId) {
			return this.jdbc.sql("SELECT scheduled_for FROM pipeline_runs WHERE id = ?")
				.param(runId)
				.query(Long.class)
				.single();
		}

		void awaitEnd(long runId) {
			await().atMost(WAIT)
				.pollInSameThread()
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.pipelines.get(runId).state().ended());
		}

		/** Publishes the alert in a transaction, as an evaluation does. */
		void alert(String model, long ruleId, long windowStart, boolean rollBack) {
			this.transaction.executeWithoutResult((status) -> {
				this.events.publishEvent(new MonitorAlert(System.currentTimeMillis(), ruleId, "drift", 5, "inputs", 9,
						model, AlertState.FIRING, AlertMetric.DATASET_DRIFT, 0.4, null, 0.2, windowStart, "drifted"));
				if (rollBack) {
					status.setRollbackOnly();
				}
			});
		}

		@Test
		void scheduleRefusalsNameTheField() {
			String name = pipeline("true");
			Instant start = this.t0;
			assertInvalid("cron", () -> this.schedules.create(name,
					new NewSchedule("s", "0 9 * * *", 3600L, null, null, null, null, null, null, null, null)));
			assertInvalid("cron", () -> this.schedules.create(name,
					new NewSchedule("s", "0 25 * * *", null, null, null, null, null, null, null, null, null)));
			assertInvalid("interval_seconds", () -> this.schedules.create(name,
					new NewSchedule("s", null, 30L, null, null, null, null, null, null, null, null)));
			assertInvalid("zone", () -> this.schedules.create(name,
					new NewSchedule("s", "@daily", null, "Mars/Olympus", null, null, null, null, null, null, null)));
			assertInvalid("end_at", () -> this.schedules.create(name,
					new NewSchedule("s", "@daily", null, null, start, start, null, null, null, null, null)));
			assertInvalid("catchup_limit", () -> this.schedules.create(name,
					new NewSchedule("s", "@daily", null, null, null, null, null, 101, null, null, null)));
			assertInvalid("max_concurrent", () -> this.schedules.create(name,
					new NewSchedule("s", "@daily", null, null, null, null, 0, null, null, null, null)));
			assertInvalid("version", () -> this.schedules.create(name,
					new NewSchedule("s", "@daily", null, null, null, null, null, null, 9, null, null)));
			assertInvalid("parameters.epochs", () -> this.schedules.create(name, new NewSchedule("s", "@daily", null,
					null, null, null, null, null, null, Map.of("epochs", 3), null)));
			assertInvalid("parameters.rows", () -> this.schedules.create(name, new NewSchedule("s", "@daily", null,
					null, null, null, null, null, null, Map.of("rows", "many"), null)));
			assertInvalid("name", () -> this.schedules.create(name,
					new NewSchedule("no spaces", "@daily", null, null, null, null, null, null, null, null, null)));
			assertFails(ErrorCode.NOT_FOUND, () -> this.schedules.create(unique("missing"), hourly("s", start)));

			PipelineSchedule made = this.schedules.create(name, new NewSchedule("nightly", "0 9 * * *", null,
					"Europe/Paris", null, null, null, null, 1, Map.of("rows", "5"), null));
			assertFails(ErrorCode.ALREADY_EXISTS, () -> this.schedules.create(name, hourly("nightly", start)));

			assertThat(made.description()).isEqualTo("every day at 09:00 (Europe/Paris)");
			assertThat(made.maxConcurrent()).isEqualTo(1);
			assertThat(made.catchupLimit()).isZero();
			assertThat(made.enabled()).isTrue();
			assertThat(made.version()).isEqualTo(1);
			assertThat(made.nextFireAt()).isNotNull();
			assertThat(this.schedules.list(name)).extracting(PipelineSchedule::name).containsExactly("nightly");
			this.schedules.delete(name, "nightly");
			assertFails(ErrorCode.NOT_FOUND, () -> this.schedules.get(name, "nightly"));
		}

		@Test
		void aDueScheduleStartsARunThroughTheTickAsItsAccountWithItsFireTime() {
			String name = pipeline("echo {{params.rows}}");
			PipelineSchedule schedule = this.schedules.create(name, new NewSchedule("hourly", null, 3600L, null,
					this.t0, null, null, null, null, Map.of("rows", 7), null));
			assertThat(schedule.nextFireAt()).isEqualTo(this.t0.toEpochMilli());

			this.ticker.tick(this.t0.minusSeconds(1));
			assertThat(runs(name)).isEmpty();
			this.ticker.tick(this.t0);
			this.ticker.tick(this.t0.plusSeconds(20));

			List<PipelineRun> runs = runs(name);
			assertThat(runs).hasSize(1);
			PipelineRun run = runs.get(0);
			assertThat(run.cause()).isEqualTo(RunCause.SCHEDULE);
			assertThat(run.causeDetail()).isEqualTo("schedule hourly: " + this.t0.atZone(ScheduleTiming.UTC));
			assertThat(run.scheduleId()).isEqualTo(schedule.id());
			assertThat(run.parameters()).containsEntry("rows", 7);
			assertThat(run.createdBy()).isEqualTo(schedule.createdBy());
			assertThat(scheduledFor(run.id())).isEqualTo(this.t0.toEpochMilli());
			PipelineSchedule after = this.schedules.get(name, "hourly");
			assertThat(after.lastFiredAt()).isEqualTo(this.t0.toEpochMilli());
			assertThat(after.nextFireAt()).isEqualTo(this.t0.plusSeconds(3600).toEpochMilli());
			awaitEnd(run.id());
		}

		@Test
		void noMoreThanMaxConcurrentRunsOfAScheduleAreActive() {
			String name = pipeline("sleep 30");
			this.schedules.create(name,
					new NewSchedule("often", null, 60L, null, this.t0, null, 1, null, null, Map.of(), null));

			this.ticker.tick(this.t0);
			this.ticker.tick(this.t0.plusSeconds(60));
			this.ticker.tick(this.t0.plusSeconds(120));

			List<PipelineRun> runs = runs(name);
			assertThat(runs).hasSize(1);
			PipelineSchedule schedule = this.schedules.get(name, "often");
			assertThat(schedule.skippedCount()).isEqualTo(2);
			assertThat(schedule.message()).contains("max_concurrent (1) runs still active");
			assertThat(schedule.lastFiredAt()).isEqualTo(this.t0.plusSeconds(120).toEpochMilli());
			this.pipelines.cancel(runs.get(0).id());
			awaitEnd(runs.get(0).id());
		}

		@Test
		void afterAGapOnlyTheLatestFireTimesWithinTheCatchUpLimitRun() {
			String name = pipeline("true");
			this.schedules.create(name,
					new NewSchedule("catchup", null, 3600L, null, this.t0, null, 10, 2, null, Map.of(), null));

			this.ticker.tick(this.t0);
			this.ticker.tick(this.t0.plus(Duration.ofHours(10)).plusSeconds(5));

			List<Long> fireTimes = runs(name).stream().map((run) -> scheduledFor(run.id())).sorted().toList();
			assertThat(fireTimes).containsExactly(this.t0.toEpochMilli(), hours(8), hours(9), hours(10));
			PipelineSchedule schedule = this.schedules.get(name, "catchup");
			assertThat(schedule.skippedCount()).isEqualTo(7);
			assertThat(schedule.message()).contains("skipped 7 missed fire times beyond the catch-up limit (2)");
			assertThat(schedule.nextFireAt()).isEqualTo(hours(11));
			runs(name).forEach((run) -> awaitEnd(run.id()));
		}

		private long hours(int count) {
			return this.t0.plus(Duration.ofHours(count)).toEpochMilli();
		}

		@Test
		void aDisabledScheduleDoesNotFireAndEnablingItDoesNotCatchUp() {
			String name = pipeline("true");
			this.schedules.create(name,
					new NewSchedule("paused", null, 3600L, null, this.t0, null, 5, 5, null, Map.of(), false));

			this.ticker.tick(this.t0.plusSeconds(10));
			assertThat(runs(name)).isEmpty();

			PipelineSchedule enabled = this.schedules.update(name, "paused",
					new ScheduleChange(true, null, null, null, null, null, null, null, null, null));
			assertThat(enabled.enabled()).isTrue();
			assertThat(enabled.nextFireAt()).isEqualTo(this.t0.toEpochMilli());
			this.ticker.tick(this.t0.plus(Duration.ofHours(1)));
			assertThat(runs(name)).hasSize(2);

			this.schedules.update(name, "paused",
					new ScheduleChange(false, null, null, null, null, null, null, null, null, null));
			this.ticker.tick(this.t0.plus(Duration.ofHours(3)));
			assertThat(runs(name)).hasSize(2);
			runs(name).forEach((run) -> awaitEnd(run.id()));
		}

		@Test
		void aScheduleWhoseAccountIsDisabledIsDisabledWithTheReason() {
			Accounts accounts = Accounts.of(this.context);
			String name = pipeline("true");
			SlipwayPrincipal owner = accounts.person(Role.ADMIN);
			accounts.actAs(owner);
			this.schedules.create(name, hourly("theirs", this.t0));
			accounts.actAsAdmin();
			this.users.update(owner.username(), new UserChanges(null, false, null, null));

			this.ticker.tick(this.t0);

			assertThat(runs(name)).isEmpty();
			PipelineSchedule schedule = this.schedules.get(name, "theirs");
			assertThat(schedule.enabled()).isFalse();
			assertThat(schedule.message()).contains(owner.username()).contains("gone or disabled");
		}

		@Test
		void anAlertStartsOneRunPerEventAndNoneWithinTheCooldownOrForARolledBackEvaluation() {
			String name = pipeline("echo {{params.note}}");
			String model = unique("churn");
			PipelineTrigger trigger = this.triggers.create(name,
					new NewTrigger("retrain", "alert", model, Map.of("note", "retrain {{event.model}}"), null, null));
			assertThat(trigger.cooldownSeconds()).isEqualTo(3600);
			long window = Instant.parse("2026-12-04T00:00:00Z").toEpochMilli();

			alert(model, 41, window - 86_400_000, true);
			assertThat(runs(name)).as("a rolled-back evaluation starts nothing").isEmpty();
			alert(unique("other-model"), 41, window, false);
			assertThat(runs(name)).as("another model's alert").isEmpty();

			alert(model, 41, window, false);
			alert(model, 41, window, false);

			List<PipelineRun> runs = runs(name);
			assertThat(runs).hasSize(1);
			PipelineRun run = runs.get(0);
			assertThat(run.cause()).isEqualTo(RunCause.TRIGGER);
			assertThat(run.triggerId()).isEqualTo(trigger.id());
			assertThat(run.causeDetail()).isEqualTo("trigger retrain: alert 'drift' fired on model " + model
					+ " (monitor inputs, window 2026-12-04T00:00:00Z)");
			assertThat(run.parameters()).containsEntry("note", "retrain " + model);

			alert(model, 41, window + 3_600_000, false);
			assertThat(runs(name)).hasSize(1);
			assertThat(this.triggers.firings(name, "retrain", null)).extracting(TriggerFiring::outcome)
				.containsExactlyInAnyOrder("STARTED", "COOLDOWN");
			assertThat(this.triggers.firings(name, "retrain", null)).filteredOn((f) -> f.outcome().equals("STARTED"))
				.extracting(TriggerFiring::runId)
				.containsExactly(run.id());
			awaitEnd(run.id());
		}

		@Test
		void aNewModelVersionStartsARunWithTheVersionAsAParameter() {
			String name = pipeline("echo {{params.rows}}");
			String model = unique("fraud");
			this.registry.createModel(model, null, List.of());
			this.triggers.create(name, new NewTrigger("on-version", "MODEL_VERSION", model,
					Map.of("rows", "{{event.version}}", "note", "{{event.model}} v{{event.version}}"), null, null));

			this.registry.createVersion(model, "s3://bucket/m1", null, List.of(), null, null, null);
			this.registry.createVersion(model, "s3://bucket/m2", null, List.of(), null, null, null);

			List<PipelineRun> runs = runs(name);
			assertThat(runs).extracting((run) -> run.parameters().get("rows")).containsExactly(2, 1);
			assertThat(runs.get(0).parameters()).containsEntry("note", model + " v2");
			assertThat(runs.get(0).causeDetail())
				.isEqualTo("trigger on-version: version 2 of model " + model + " was created");
			runs.forEach((run) -> awaitEnd(run.id()));
		}

		@Test
		void aPipelineThatSucceedsStartsTheNextAndLoopsAreRefused() {
			String first = pipeline("true");
			String second = pipeline("echo {{params.note}}");
			this.triggers.create(second, new NewTrigger("after", "PIPELINE_SUCCEEDED", first,
					Map.of("note", "{{event.run_id}}"), null, null));
			assertInvalid("source_name", () -> this.triggers.create(first,
					new NewTrigger("back", "PIPELINE_SUCCEEDED", second, Map.of(), 600L, null)));
			assertInvalid("source_name", () -> this.triggers.create(first,
					new NewTrigger("self", "PIPELINE_SUCCEEDED", first, Map.of(), 600L, null)));

			PipelineRun upstream = this.pipelines.start(first, new StartRun(null, Map.of(), null, null, null),
					RunCause.API, null);
			awaitEnd(upstream.id());

			await().atMost(WAIT).pollInSameThread().until(() -> !runs(second).isEmpty());
			PipelineRun run = runs(second).get(0);
			assertThat(run.cause()).isEqualTo(RunCause.TRIGGER);
			assertThat(run.parameters()).containsEntry("note", Long.toString(upstream.id()));
			assertThat(run.causeDetail())
				.isEqualTo("trigger after: run " + upstream.id() + " of pipeline " + first + " succeeded");
			awaitEnd(run.id());
		}

		@Test
		void aStartTheLatestVersionRefusesDisablesTheScheduleAndIsAFailedFiring() {
			String name = pipeline("true");
			String model = unique("refused");
			this.schedules.create(name, hourly("latest", this.t0));
			this.triggers.create(name, new NewTrigger("on-version", "MODEL_VERSION", model, Map.of(), null, null));
			this.registry.createModel(model, null, List.of());
			// Version 2 needs a value the schedule and the trigger do not give.
			this.pipelines.upload("""
					name: %s
					params:
					  target: {type: string}
					steps:
					  - name: only
					    command: [sh, -c, "true"]
					""".formatted(name), null);

			this.ticker.tick(this.t0);
			this.registry.createVersion(model, "s3://bucket/m1", null, List.of(), null, null, null);

			assertThat(runs(name)).isEmpty();
			PipelineSchedule schedule = this.schedules.get(name, "latest");
			assertThat(schedule.enabled()).isFalse();
			assertThat(schedule.message()).startsWith("disabled: could not start a run: parameters.target");
			assertThat(this.triggers.firings(name, "on-version", null)).singleElement().satisfies((firing) -> {
				assertThat(firing.outcome()).isEqualTo("FAILED");
				assertThat(firing.runId()).isNull();
				assertThat(firing.message()).startsWith("parameters.target");
			});
			assertThat(this.triggers.get(name, "on-version").enabled()).as("a failed start keeps the trigger").isTrue();
		}

		@Test
		void triggerRefusalsNameTheField() {
			String name = pipeline("true");
			assertInvalid("kind",
					() -> this.triggers.create(name, new NewTrigger("t", "WEATHER", "m", null, null, null)));
			assertInvalid("source_name", () -> this.triggers.create(name,
					new NewTrigger("t", "PIPELINE_SUCCEEDED", null, null, null, null)));
			assertInvalid("parameters.note", () -> this.triggers.create(name,
					new NewTrigger("t", "ALERT", "m", Map.of("note", "{{event.run_id}}"), null, null)));
			assertInvalid("parameters.rows", () -> this.triggers.create(name,
					new NewTrigger("t", "ALERT", "m", Map.of("rows", "{{event.model}}"), null, null)));
			assertInvalid("cooldown_seconds",
					() -> this.triggers.create(name, new NewTrigger("t", "ALERT", "m", null, -1L, null)));
			PipelineTrigger made = this.triggers.create(name,
					new NewTrigger("t", "MODEL_VERSION", "m", Map.of("rows", "{{event.version}}"), null, false));
			assertThat(made.cooldownSeconds()).isZero();
			assertThat(made.enabled()).isFalse();
			assertFails(ErrorCode.ALREADY_EXISTS,
					() -> this.triggers.create(name, new NewTrigger("t", "ALERT", "m", null, null, null)));
			PipelineTrigger enabled = this.triggers.update(name, "t", new TriggerChange(true, null, null, 60L));
			assertThat(enabled.enabled()).isTrue();
			assertThat(enabled.cooldownSeconds()).isEqualTo(60);
			this.triggers.delete(name, "t");
			assertFails(ErrorCode.NOT_FOUND, () -> this.triggers.get(name, "t"));
		}

	}

	/** The call is refused with INVALID_ARGUMENT naming {@code field}. */
	static void assertInvalid(String field, ThrowingCallable call) {
		assertThatThrownBy(call).isInstanceOfSatisfying(SlipwayException.class, (ex) -> {
			assertThat(ex.code()).as(ex.getMessage()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
			assertThat(ex.getMessage()).startsWith(field + ": ");
		});
	}

	static void properties(DynamicPropertyRegistry registry, String folder) {
		PipelineRunsTest.properties(registry, folder);
	}

	@Nested
	@SpringBootTest(classes = CoreTestApplication.class)
	class EmbeddedH2 extends Contract {

		@DynamicPropertySource
		static void settings(DynamicPropertyRegistry registry) {
			properties(registry, "automation-h2");
		}

	}

	@Nested
	@OnPostgresql(schema = "automation")
	@SpringBootTest(classes = CoreTestApplication.class)
	class Postgresql extends Contract {

		@DynamicPropertySource
		static void settings(DynamicPropertyRegistry registry) {
			properties(registry, "automation-pg");
		}

	}

}
