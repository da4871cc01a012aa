package dev.slipway.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.slipway.CoreTestApplication;
import dev.slipway.error.ErrorCode;
import dev.slipway.security.MutableClock;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.TestFolders;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.slipway.security.SecurityAssertions.assertDenied;
import static dev.slipway.security.SecurityAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monitors end to end in the core: creation and its checks, a reference from CSV,
 * production batches merged into windows, drift per window and its cache, permissions and
 * concurrent writers; on both databases.
 */
class MonitorServiceTest {

	abstract static class Contract extends MonitorFixture {

		@Test
		void aMonitorIsCreatedOnAModelAndListedForWhoCanReadIt() {
			Monitor monitor = monitor("created");

			assertThat(monitor.name()).isEqualTo("data");
			assertThat(monitor.window()).isEqualTo(WindowUnit.DAY);
			assertThat(monitor.timeZone()).isEqualTo("UTC");
			assertThat(monitor.drift()).isEqualTo(DriftSettings.DEFAULTS);
			assertThat(monitor.reference()).isNull();
			assertThat(this.monitors.get(monitor.id())).isEqualTo(monitor);
			assertThat(this.monitors.list(monitor.modelName(), null, 10).items()).containsExactly(monitor);
			assertThat(this.jdbc
				.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'monitor.created' AND resource_name = ?")
				.param(monitor.modelName())
				.query(Long.class)
				.single()).isEqualTo(1);
		}

		@Test
		void badDefinitionsAreRefusedWithTheirReason() {
			String model = model("refused");
			assertFails(ErrorCode.NOT_FOUND, () -> this.monitors.create("no-such-model-" + model,
					new NewMonitor("m", null, null, SCHEMA, null, null, null)));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.monitors.create(model, new NewMonitor("m", null, null, null, null, null, null)));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.monitors.create(model,
					new NewMonitor("m", null, null, MonitorSchema.of(List.of()), null, null, null)));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.monitors.create(model,
					new NewMonitor("m", null, null, SCHEMA, null, "Mars/Olympus", null)));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.monitors.create(model,
							new NewMonitor("m", null, null, SCHEMA, null, null, new DriftSettings(0.5, null, Map.of(),
									Map.of("color", new DriftSettings.Choice("ks", null, null))))));
			this.monitors.create(model, new NewMonitor("m", null, null, SCHEMA, null, null, null));
			assertFails(ErrorCode.ALREADY_EXISTS,
					() -> this.monitors.create(model, new NewMonitor(" m ", null, null, SCHEMA, null, null, null)));
			assertThat(this.monitors.list(model, null, 10).items()).hasSize(1);
		}

		@Test
		void driftFollowsTheDataWindowByWindow() {
			Monitor monitor = monitor("drift");
			this.monitors.setReference(monitor.id(), MonitorService.Format.CSV,
					body(csv(5000, 0, false, DAY_ONE - 30 * DAY, 1)), "train.csv");
			this.monitors.ingest(monitor.id(), MonitorService.Format.JSON,
					body(json(3000, 0, false, DAY_ONE + 3600_000, 2)));
			this.monitors.ingest(monitor.id(), MonitorService.Format.CSV,
					body(csv(3000, 1.0, true, DAY_ONE + DAY + 7200_000, 3)));

			List<WindowReport> drift = this.monitors.drift(monitor.id(), WindowUnit.DAY, 0, Long.MAX_VALUE, 100);

			assertThat(drift).extracting(WindowReport::start).containsExactly(DAY_ONE, DAY_ONE + DAY);
			WindowReport quiet = drift.get(0);
			WindowReport shifted = drift.get(1);
			assertThat(quiet.rows()).isEqualTo(3000);
			assertThat(quiet.verdict()).isEqualTo(Verdict.NO_DRIFT);
			assertThat(quiet.features()).extracting(FeatureDrift::column).containsExactly("x", "color");
			assertThat(quiet.features()).extracting(FeatureDrift::method)
				.as("Evidently's defaults for 5,000 reference rows")
				.containsExactly("wasserstein", "jensenshannon");
			assertThat(quiet.prediction().column()).isEqualTo("score");
			assertThat(shifted.verdict()).isEqualTo(Verdict.DRIFT);
			assertThat(shifted.driftShare()).isEqualTo(1.0);
			assertThat(shifted.features()).allSatisfy((f) -> assertThat(f.verdict()).isEqualTo(Verdict.DRIFT));
			assertThat(shifted.features().get(1).exact()).as("category counts are exact").isTrue();
			assertThat(shifted.prediction().verdict()).isEqualTo(Verdict.NO_DRIFT);
			assertThat(this.monitors.get(monitor.id()).reference().rows()).isEqualTo(5000);
		}

		@Test
		void resultsAreKeptUntilTheWindowChanges() {
			Monitor monitor = monitor("cache");
			this.monitors.setReference(monitor.id(), MonitorService.Format.CSV,
					body(csv(2000, 0, false, DAY_ONE - DAY, 1)), null);
			this.monitors.ingest(monitor.id(), MonitorService.Format.CSV, body(csv(500, 0, false, DAY_ONE, 2)));
			WindowReport first = this.monitors.drift(monitor.id(), WindowUnit.DAY, 0, Long.MAX_VALUE, 10).get(0);
			assertThat(results(monitor)).isEqualTo(1);
			assertThat(this.monitors.drift(monitor.id(), WindowUnit.DAY, 0, Long.MAX_VALUE, 10).get(0))
				.as("read back from the cache")
				.isEqualTo(first);

			this.monitors.ingest(monitor.id(), MonitorService.Format.CSV, body(csv(500, 3, true, DAY_ONE, 3)));

			assertThat(results(monitor)).isZero();
			WindowReport second = this.monitors.drift(monitor.id(), WindowUnit.DAY, 0, Long.MAX_VALUE, 10).get(0);
			assertThat(second.rows()).isEqualTo(1000);
			assertThat(second.verdict()).isEqualTo(Verdict.DRIFT);
		}

		@Test
		void hourlyWindowsAlsoFillTheirDay() {
			Monitor monitor = this.monitors.create(model("hourly"),
					new NewMonitor("hourly", null, null, SCHEMA, WindowUnit.HOUR, "Europe/Berlin", null));
			this.monitors.setReference(monitor.id(), MonitorService.Format.CSV, body(csv(800, 0, false, 0, 1)), null);
			// 22:30 and 23:30 UTC on Oct 31 are 23:30 on Oct 31 and 00:30 on Nov 1 in
			// Berlin.
			this.monitors.ingest(monitor.id(), MonitorService.Format.CSV, body(csv(100, 0, false, DAY_ONE - 5400_000, 2)
					+ csv(50, 0, false, DAY_ONE - 1800_000, 3).substring("ts,x,color,score,ignored\n".length())));

			List<WindowReport> hours = this.monitors.drift(monitor.id(), WindowUnit.HOUR, 0, Long.MAX_VALUE, 10);
			List<WindowReport> days = this.monitors.drift(monitor.id(), WindowUnit.DAY, 0, Long.MAX_VALUE, 10);

			assertThat(hours).extracting(WindowReport::rows).containsExactly(100L, 50L);
			assertThat(days).extracting(WindowReport::rows).containsExactly(100L, 50L);
			assertThat(days.get(1).start()).isEqualTo(DAY_ONE - 3600_000);
		}

		@Test
		void aReferenceCanBeTakenFromProductionDays() {
			Monitor monitor = monitor("range");
			for (int day = 0; day < 3; day++) {
				this.monitors.ingest(monitor.id(), MonitorService.Format.CSV,
						body(csv(1000, 0, false, DAY_ONE + day * DAY, 10 + day)));
			}
			this.monitors.ingest(monitor.id(), MonitorService.Format.CSV,
					body(csv(1000, 2, true, DAY_ONE + 3 * DAY, 20)));

			Monitor withReference = this.monitors.setReferenceFromRange(monitor.id(), DAY_ONE, DAY_ONE + 3 * DAY);

			assertThat(withReference.reference().rows()).isEqualTo(3000);
			assertThat(withReference.reference().source()).startsWith("production ");
			List<WindowReport> drift = this.monitors.drift(monitor.id(), WindowUnit.DAY, 0, Long.MAX_VALUE, 10);
			assertThat(drift).extracting(WindowReport::verdict)
				.containsExactly(Verdict.NO_DRIFT, Verdict.NO_DRIFT, Verdict.NO_DRIFT, Verdict.DRIFT);
		}

		@Test
		void concurrentBatchesIntoOneWindowAreAllKept() throws Exception {
			Monitor monitor = monitor("concurrent");
			SecurityContext caller = SecurityContextHolder.getContext();
			ExecutorService pool = Executors.newFixedThreadPool(4);
			try {
				List<Future<MonitorService.Ingested>> done = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					long seed = i;
					done.add(pool.submit(() -> {
						SecurityContextHolder.setContext(caller);
						try {
							return this.monitors.ingest(monitor.id(), MonitorService.Format.CSV,
									body(csv(250, 0, false, DAY_ONE, seed)));
						}
						finally {
							SecurityContextHolder.clearContext();
						}
					}));
				}
				for (Future<MonitorService.Ingested> f : done) {
					assertThat(f.get().rows()).isEqualTo(250);
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(this.monitors.drift(monitor.id(), WindowUnit.DAY, 0, Long.MAX_VALUE, 10).get(0).rows())
				.isEqualTo(2000);
		}

		@Test
		void readersMayLookButNotWrite() {
			Monitor monitor = monitor("perm");
			SlipwayPrincipal viewer = this.accounts.viewer();
			this.accounts.actAs(viewer);
			assertThat(this.monitors.get(monitor.id()).id()).isEqualTo(monitor.id());
			assertDenied(() -> this.monitors.ingest(monitor.id(), MonitorService.Format.CSV,
					body(csv(10, 0, false, DAY_ONE, 1))));
			assertDenied(() -> this.monitors.delete(monitor.id()));
			assertDenied(() -> this.monitors.create(monitor.modelName(),
					new NewMonitor("mine", null, null, SCHEMA, null, null, null)));
		}

		@Test
		void badRowsAreRefusedWithRowAndColumnAndNothingIsStored() {
			Monitor monitor = monitor("badrows");
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.monitors.ingest(monitor.id(), MonitorService.Format.CSV,
					body("ts,x\n" + DAY_ONE + ",1.5\n" + DAY_ONE + ",abc\n")));
			assertFails(ErrorCode.MALFORMED_REQUEST,
					() -> this.monitors.ingest(monitor.id(), MonitorService.Format.JSON, body("{\"records\": [")));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.monitors.ingest(monitor.id(), MonitorService.Format.JSON,
					body("[{\"ts\": \"yesterday\", \"x\": 1}]")));
			assertThat(this.monitors.drift(monitor.id(), WindowUnit.DAY, 0, Long.MAX_VALUE, 10)).isEmpty();
		}

		@Test
		void deletingTheMonitorRemovesItsProfiles() {
			Monitor monitor = monitor("delete");
			this.monitors.ingest(monitor.id(), MonitorService.Format.CSV, body(csv(10, 0, false, DAY_ONE, 1)));
			this.monitors.delete(monitor.id());
			assertFails(ErrorCode.NOT_FOUND, () -> this.monitors.get(monitor.id()));
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM monitor_profiles WHERE monitor_id = ?")
				.param(monitor.id())
				.query(Long.class)
				.single()).isZero();
		}

		@Test
		void lateLabelsJoinTheWindowOfTheirPrediction() {
			MonitorSchema schema = new MonitorSchema(
					List.of(new MonitorSchema.Column("x", ColumnKind.NUMERICAL),
							new MonitorSchema.Column("pred", ColumnKind.CATEGORICAL)),
					"pred", "label", "id", "ts", MonitorSchema.Task.CLASSIFICATION, "p", null);
			Monitor monitor = this.monitors.create(model("labels"),
					new NewMonitor("quality", null, null, schema, WindowUnit.DAY, "UTC", null));
			StringBuilder day1 = new StringBuilder("id,ts,x,pred,p,label\n");
			StringBuilder day2 = new StringBuilder("id,ts,x,pred,p\n");
			for (int i = 0; i < 100; i++) {
				// Day 1 arrives labelled: 90 of 100 right. Day 2's labels come later.
				day1.append("a")
					.append(i)
					.append(',')
					.append(DAY_ONE)
					.append(",1,")
					.append(i % 2)
					.append(',')
					.append((i % 2 == 0) ? 0.2 : 0.8)
					.append(',')
					.append((i < 90) ? i % 2 : 1 - i % 2)
					.append('\n');
				day2.append("b")
					.append(i)
					.append(',')
					.append(DAY_ONE + DAY)
					.append(",1,")
					.append(i % 2)
					.append(',')
					.append((i % 2 == 0) ? 0.3 : 0.7)
					.append('\n');
			}
			this.monitors.ingest(monitor.id(), MonitorService.Format.CSV, body(day1.toString()));
			this.monitors.ingest(monitor.id(), MonitorService.Format.CSV, body(day2.toString()));

			List<WindowReport> before = this.monitors.drift(monitor.id(), WindowUnit.DAY, 0, Long.MAX_VALUE, 10);
			assertThat(before.get(0).performance().coverage()).isEqualTo(1.0);
			assertThat(before.get(0).performance().metric("accuracy")).isEqualTo(0.9);
			assertThat(before.get(1).performance().coverage()).isEqualTo(0.0);
			assertThat(before.get(1).performance().metrics()).isEmpty();

			StringBuilder labels = new StringBuilder("{\"records\": [");
			for (int i = 0; i < 40; i++) {
				labels.append((i > 0) ? "," : "")
					.append("{\"id\": \"b")
					.append(i)
					.append("\", \"label\": ")
					.append(i % 2)
					.append('}');
			}
			labels.append(", {\"id\": \"nobody\", \"label\": 1}]}");
			MonitorService.LabelsApplied applied = this.monitors.labels(monitor.id(), MonitorService.Format.JSON,
					body(labels.toString()));
			assertThat(applied).isEqualTo(new MonitorService.LabelsApplied(41, 40, 1));
			assertThat(
					this.monitors.labels(monitor.id(), MonitorService.Format.CSV, body("id,label\nb0,1\n")).matched())
				.as("a prediction is labelled once")
				.isZero();

			List<WindowReport> after = this.monitors.drift(monitor.id(), WindowUnit.DAY, 0, Long.MAX_VALUE, 10);
			assertThat(after.get(0).performance()).isEqualTo(before.get(0).performance());
			PerformanceMetrics late = after.get(1).performance();
			assertThat(late.labeled()).isEqualTo(40);
			assertThat(late.coverage()).isEqualTo(0.4);
			assertThat(late.metric("accuracy")).isEqualTo(1.0);
			assertThat(late.metric("roc_auc")).isEqualTo(1.0);
			assertThat(late.classes()).containsExactly("0", "1");
		}

		@Test
		void aParquetFileIsAReferenceAndABatch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
				throws Exception {
			Monitor monitor = monitor("parquet");
			org.apache.parquet.schema.MessageType type = org.apache.parquet.schema.Types.buildMessage()
				.required(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64)
				.as(org.apache.parquet.schema.LogicalTypeAnnotation.timestampType(true,
						org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS))
				.named("ts")
				.required(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE)
				.named("x")
				.optional(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY)
				.as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType())
				.named("color")
				.required(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT)
				.named("score")
				.named("rows");
			java.nio.file.Path reference = parquet(folder.resolve("reference.parquet"), type, 3000, 0, DAY_ONE - DAY);
			java.nio.file.Path shifted = parquet(folder.resolve("shifted.parquet"), type, 1000, 2, DAY_ONE + 3_600_000);

			try (var in = java.nio.file.Files.newInputStream(reference)) {
				assertThat(this.monitors.setReference(monitor.id(), MonitorService.Format.PARQUET, in, "train.parquet")
					.reference()
					.rows()).isEqualTo(3000);
			}
			try (var in = java.nio.file.Files.newInputStream(shifted)) {
				assertThat(this.monitors.ingest(monitor.id(), MonitorService.Format.PARQUET, in).windows())
					.as("microsecond timestamps land in their day")
					.containsExactly(DAY_ONE);
			}
			WindowReport window = this.monitors.drift(monitor.id(), WindowUnit.DAY, 0, Long.MAX_VALUE, 10).get(0);
			assertThat(window.rows()).isEqualTo(1000);
			assertThat(window.features().get(0).verdict()).isEqualTo(Verdict.DRIFT);
			assertThat(window.features().get(1).nulls()).as("every tenth color is missing").isEqualTo(100);
			assertFails(ErrorCode.MALFORMED_REQUEST, () -> this.monitors.ingest(monitor.id(),
					MonitorService.Format.PARQUET, body("not a parquet file")));
		}

		private static java.nio.file.Path parquet(java.nio.file.Path file, org.apache.parquet.schema.MessageType type,
				int rows, double shift, long time) throws java.io.IOException {
			java.util.Random random = new java.util.Random(rows);
			try (blue.strategic.parquet.ParquetWriter<Integer> writer = blue.strategic.parquet.ParquetWriter
				.writeFile(type, file.toFile(), (Integer i, blue.strategic.parquet.ValueWriter values) -> {
					values.write("ts", time * 1000);
					values.write("x", random.nextGaussian() + shift);
					if (i % 10 != 0) {
						values.write("color", (random.nextDouble() < 0.6) ? "red" : "blue");
					}
					values.write("score", (float) random.nextDouble());
				})) {
				for (int i = 0; i < rows; i++) {
					writer.write(i);
				}
			}
			return file;
		}

		@Test
		void labelsNeedALabelAndIdColumn() {
			Monitor monitor = monitor("nolabels");
			assertFails(ErrorCode.INVALID_STATE,
					() -> this.monitors.labels(monitor.id(), MonitorService.Format.CSV, body("id,label\na,1\n")));
		}

		private long results(Monitor monitor) {
			return this.jdbc.sql("SELECT COUNT(*) FROM monitor_results WHERE monitor_id = ?")
				.param(monitor.id())
				.query(Long.class)
				.single();
		}

	}

	@Nested
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
	class EmbeddedH2 extends Contract {

		@DynamicPropertySource
		static void dataDir(DynamicPropertyRegistry registry) {
			TestFolders.registerDataDir(registry, "monitoring-h2");
		}

	}

	@Nested
	@OnPostgresql
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
	class Postgresql extends Contract {

		@DynamicPropertySource
		static void dataDir(DynamicPropertyRegistry registry) {
			TestFolders.registerDataDir(registry, "monitoring-pg");
		}

	}

}
