package dev.slipway.monitoring;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.slipway.CoreTestApplication;
import dev.slipway.error.ErrorCode;
import dev.slipway.security.MutableClock;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.webhooks.WebhookService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.slipway.security.SecurityAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alert rules end to end in the core: a rule judges each closed window once, fires and
 * resolves with a record in the audit trail, a queued webhook delivery and an e-mail (to
 * an in-process SMTP server), learns its bounds from baseline windows, keeps its
 * cooldown, and shows in the Prometheus gauges; on both databases.
 */
class AlertServiceTest {

	/** The in-process SMTP server every context of this test mails to. */
	static final GreenMail SMTP = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

	@BeforeAll
	static void startSmtp() {
		SMTP.start();
	}

	@AfterAll
	static void stopSmtp() {
		SMTP.stop();
	}

	static void properties(DynamicPropertyRegistry registry, String folder) {
		TestFolders.registerDataDir(registry, folder);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
		registry.add("slipway.monitoring.evaluation-interval", () -> "1d");
		registry.add("slipway.webhooks.poll-interval", () -> "1d");
	}

	abstract static class Contract extends MonitorFixture {

		@Autowired
		AlertService alerts;

		@Autowired
		MonitoringScheduler scheduler;

		@Autowired
		MonitoringGauges gauges;

		@Autowired
		MeterRegistry meters;

		@Autowired
		WebhookService webhooks;

		Monitor monitor;

		@BeforeEach
		void monitorWithReference() {
			this.monitor = monitor("alerts");
			this.monitors.setReference(this.monitor.id(), MonitorService.Format.CSV,
					body(csv(3000, 0, false, today() - 40 * DAY, 1)), "train.csv");
		}

		@Test
		void aDriftRuleFiresOnceWhenAClosedWindowDriftsAndResolvesWhenItStops() throws Exception {
			AlertRule rule = this.alerts.create(this.monitor.id(),
					new NewAlertRule("dataset drift", AlertMetric.DATASET_DRIFT, null, null, null, null, null, null,
							null, null, null, 0L, List.of("ops@example.com")));
			this.webhooks.create(this.monitor.modelName(), "pager", "https://hooks.example.com/alerts",
					List.of("alert.firing", "alert.resolved"));
			int mailsBefore = SMTP.getReceivedMessages().length;

			sendDay(0, false);
			this.scheduler.evaluateDue();
			assertThat(rule(rule).lastWindow()).as("today's window is still open").isNull();

			this.clock.advance(Duration.ofDays(1));
			this.scheduler.evaluateDue();
			assertThat(rule(rule).state()).isEqualTo(AlertState.OK);
			assertThat(rule(rule).lastWindow()).isEqualTo(today() - DAY);

			sendDay(0, true);
			this.clock.advance(Duration.ofDays(1));
			this.scheduler.evaluateDue();
			this.scheduler.evaluateDue();

			assertThat(rule(rule).state()).isEqualTo(AlertState.FIRING);
			List<AlertEvent> history = this.alerts.history(this.monitor.id(), 10);
			assertThat(history).extracting(AlertEvent::state).containsExactly(AlertState.FIRING);
			assertThat(history.get(0).windowStart()).isEqualTo(today() - DAY);
			assertThat(history.get(0).value()).isEqualTo(1.0);
			assertThat(count("SELECT COUNT(*) FROM audit_events WHERE action = 'alert.firing' AND resource_name = ?",
					this.monitor.modelName()))
				.isEqualTo(1);
			assertThat(count(
					"SELECT COUNT(*) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
							+ "WHERE w.name = 'pager' AND d.event_type = 'alert.firing' AND d.payload LIKE ?",
					"%\"text\":%dataset drift%"))
				.isEqualTo(1);
			assertThat(SMTP.waitForIncomingEmail(5000, mailsBefore + 1)).isTrue();
			MimeMessage mail = SMTP.getReceivedMessages()[mailsBefore];
			assertThat(mail.getSubject())
				.isEqualTo("[Slipway] FIRING: dataset drift on " + this.monitor.modelName() + " / data");
			assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
			this.gauges.refresh();
			assertThat(this.meters.get("slipway.alerts.firing")
				.tags("model", this.monitor.modelName(), "rule", "dataset drift")
				.gauge()
				.value()).isEqualTo(1.0);

			sendDay(0, false);
			this.clock.advance(Duration.ofDays(1));
			this.scheduler.evaluateDue();
			assertThat(rule(rule).state()).isEqualTo(AlertState.OK);
			assertThat(this.alerts.history(this.monitor.id(), 10)).extracting(AlertEvent::state)
				.containsExactly(AlertState.OK, AlertState.FIRING);
			assertThat(count("SELECT COUNT(*) FROM audit_events WHERE action = 'alert.resolved' AND resource_name = ?",
					this.monitor.modelName()))
				.isEqualTo(1);
		}

		@Test
		void roundsOfSeveralReplicasAtOnceJudgeAWindowOnce() throws Exception {
			AlertRule rule = this.alerts.create(this.monitor.id(), new NewAlertRule("drift, judged once",
					AlertMetric.DATASET_DRIFT, null, null, null, null, null, null, null, null, null, 0L, List.of()));
			this.webhooks.create(this.monitor.modelName(), "once", "https://hooks.example.com/once",
					List.of("alert.firing"));
			sendDay(0, true);
			this.clock.advance(Duration.ofDays(1));
			// Four replicas' rounds start together; each has its own connection, and the
			// rule's row lock in the database is all that keeps them apart.
			int replicas = 4;
			CyclicBarrier start = new CyclicBarrier(replicas);
			ExecutorService pool = Executors.newFixedThreadPool(replicas);
			try {
				List<Future<?>> rounds = new ArrayList<>();
				for (int i = 0; i < replicas; i++) {
					rounds.add(pool.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						this.scheduler.evaluateDue();
						return null;
					}));
				}
				for (Future<?> round : rounds) {
					round.get(60, TimeUnit.SECONDS);
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(rule(rule).state()).isEqualTo(AlertState.FIRING);
			assertThat(this.alerts.history(this.monitor.id(), 10)).extracting(AlertEvent::ruleName)
				.containsExactly("drift, judged once");
			assertThat(count("SELECT COUNT(*) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id "
					+ "WHERE w.name = 'once' AND d.event_type = 'alert.firing'"))
				.isEqualTo(1);
		}

		@Test
		void learnedBoundsFireOnAnUnusualVolume() {
			for (int day = 0; day < 6; day++) {
				sendRows(0, 1000 + 20 * day, false);
				this.clock.advance(Duration.ofDays(1));
			}
			long baselineTo = today();
			AlertRule rule = this.alerts.create(this.monitor.id(), new NewAlertRule("volume", AlertMetric.VOLUME, null,
					null, AlertCondition.OUTSIDE, null, true, baselineTo - 6 * DAY, baselineTo, 3.0, null, null, null));
			sendRows(0, 5000, false);
			this.clock.advance(Duration.ofDays(1));
			this.scheduler.evaluateDue();

			AlertEvent fired = this.alerts.history(this.monitor.id(), 1).get(0);
			assertThat(fired.state()).isEqualTo(AlertState.FIRING);
			assertThat(fired.value()).isEqualTo(5000.0);
			// Six days of 1000..1100 rows: mean 1050, standard deviation 34.2.
			assertThat(fired.upper()).isBetween(1150.0, 1160.0);
			assertThat(fired.lower()).isBetween(940.0, 950.0);
			assertThat(rule(rule).lastValue()).isEqualTo(5000.0);
		}

		@Test
		void aRuleThatResolvedStaysQuietDuringItsCooldown() {
			AlertRule rule = this.alerts.create(this.monitor.id(),
					new NewAlertRule("x drifts", AlertMetric.FEATURE_DRIFT, "x", null, null, null, null, null, null,
							null, null, Duration.ofDays(3).toMillis(), null));
			for (boolean shifted : new boolean[] { true, false, true }) {
				sendDay(0, shifted);
				this.clock.advance(Duration.ofDays(1));
				this.scheduler.evaluateDue();
			}
			assertThat(this.alerts.history(this.monitor.id(), 10)).extracting(AlertEvent::state)
				.containsExactly(AlertState.OK, AlertState.FIRING);
			assertThat(rule(rule).state()).isEqualTo(AlertState.OK);
		}

		@Test
		void onDemandEvaluationJudgesTheOpenWindowToo() {
			this.alerts.create(this.monitor.id(), new NewAlertRule("few rows", AlertMetric.VOLUME, null, null,
					AlertCondition.BELOW, 100.0, null, null, null, null, null, null, null));
			sendRows(0, 40, false);
			List<AlertRule> evaluated = this.alerts.evaluate(this.monitor.id());
			assertThat(evaluated).singleElement().satisfies((r) -> {
				assertThat(r.state()).isEqualTo(AlertState.FIRING);
				assertThat(r.lastWindow()).isEqualTo(today());
			});
		}

		@Test
		void rulesThatCannotBeJudgedAreRefused() {
			long id = this.monitor.id();
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.alerts.create(id, new NewAlertRule("p",
					AlertMetric.PERFORMANCE, null, "accuracy", null, 0.9, null, null, null, null, null, null, null)));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.alerts.create(id, new NewAlertRule("v",
					AlertMetric.VOLUME, null, null, null, null, null, null, null, null, null, null, null)));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.alerts.create(id, new NewAlertRule("f",
					AlertMetric.FEATURE_DRIFT, "nope", null, null, null, null, null, null, null, null, null, null)));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.alerts.create(id, new NewAlertRule("m", AlertMetric.DATASET_DRIFT, null, null, null,
							null, null, null, null, null, null, null, List.of("not-an-address"))));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.alerts.create(id, new NewAlertRule("h", AlertMetric.DATASET_DRIFT, null, null, null,
							null, null, null, null, null, WindowUnit.HOUR, null, null)));
			assertThat(this.alerts.list(id)).isEmpty();
		}

		private void sendDay(int offsetDays, boolean shifted) {
			this.monitors.ingest(this.monitor.id(), MonitorService.Format.CSV,
					body(csv(1000, shifted ? 1.5 : 0, shifted, today() + offsetDays * DAY + 3600_000, seed(shifted))));
		}

		private void sendRows(int offsetDays, int rows, boolean shifted) {
			this.monitors.ingest(this.monitor.id(), MonitorService.Format.CSV,
					body(csv(rows, 0, shifted, today() + offsetDays * DAY + 3600_000, seed(shifted))));
		}

		/**
		 * Fixed seeds: the clock starts at the real time, and a sample seeded from it
		 * drifted by chance now and then.
		 */
		private static long seed(boolean shifted) {
			return shifted ? 20 : 10;
		}

		private long today() {
			return WindowUnit.DAY.start(this.clock.millis(), ZoneOffset.UTC);
		}

		private AlertRule rule(AlertRule rule) {
			return this.alerts.list(this.monitor.id())
				.stream()
				.filter((r) -> r.id() == rule.id())
				.findFirst()
				.orElseThrow();
		}

		private long count(String sql, Object... params) {
			return this.jdbc.sql(sql).params(params).query(Long.class).single();
		}

	}

	@Nested
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
	class EmbeddedH2 extends Contract {

		@DynamicPropertySource
		static void settings(DynamicPropertyRegistry registry) {
			properties(registry, "alerts-h2");
		}

	}

	@Nested
	@OnPostgresql(schema = "alerts")
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
	class Postgresql extends Contract {

		@DynamicPropertySource
		static void settings(DynamicPropertyRegistry registry) {
			properties(registry, "alerts-pg");
		}

	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
