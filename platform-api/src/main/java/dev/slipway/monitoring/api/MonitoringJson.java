package dev.slipway.monitoring.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.monitoring.ColumnHistory;
import dev.slipway.monitoring.ColumnKind;
import dev.slipway.monitoring.ColumnSummary;
import dev.slipway.monitoring.DriftSettings;
import dev.slipway.monitoring.FeatureDrift;
import dev.slipway.monitoring.Monitor;
import dev.slipway.monitoring.MonitorSchema;
import dev.slipway.monitoring.PerformanceMetrics;
import dev.slipway.monitoring.UploadedSketch;
import dev.slipway.monitoring.WindowReport;
import dev.slipway.monitoring.WindowUnit;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The wire records of the monitoring API, snake_case, with their mappings to and from the
 * core's types. Kinds, tasks and windows are accepted in any case; scores that do not
 * exist (no data) are null.
 */
final class MonitoringJson {

	private MonitoringJson() {
	}

	/** A profiled column. */
	record ColumnJson(String name, String kind) {
	}

	/** What a monitor reads from each row. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record SchemaJson(List<ColumnJson> columns, String prediction, String label, String predictionId, String timestamp,
			String task, String probability, String positiveClass) {

		static SchemaJson of(MonitorSchema schema) {
			return new SchemaJson(
					schema.columns()
						.stream()
						.map((c) -> new ColumnJson(c.name(), c.kind().name().toLowerCase(Locale.ROOT)))
						.toList(),
					schema.prediction(), schema.label(), schema.predictionId(), schema.timestamp(),
					(schema.task() != null) ? schema.task().name().toLowerCase(Locale.ROOT) : null,
					schema.probability(), schema.positiveClass());
		}

		MonitorSchema toSchema() {
			List<MonitorSchema.Column> list = (this.columns != null) ? this.columns.stream()
				.map((c) -> new MonitorSchema.Column((c != null) ? c.name() : null,
						(c != null) ? kind("schema.columns.kind", c.kind()) : null))
				.toList() : List.of();
			MonitorSchema.Task parsedTask = (this.task != null)
					? parse("schema.task", this.task, MonitorSchema.Task.class) : null;
			return new MonitorSchema(list, this.prediction, this.label, this.predictionId, this.timestamp, parsedTask,
					this.probability, this.positiveClass);
		}

	}

	/** A method and its thresholds. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record ChoiceJson(String method, Double threshold, Double possibleThreshold) {

		static ChoiceJson of(DriftSettings.Choice choice) {
			return (choice != null) ? new ChoiceJson(choice.method(), choice.threshold(), choice.possibleThreshold())
					: null;
		}

		DriftSettings.Choice toChoice() {
			return new DriftSettings.Choice(this.method, this.threshold, this.possibleThreshold);
		}

	}

	/** How drift is decided. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record DriftJson(Double driftShare, ChoiceJson all, Map<String, ChoiceJson> byKind,
			Map<String, ChoiceJson> byColumn) {

		static DriftJson of(DriftSettings drift) {
			Map<String, ChoiceJson> kinds = new LinkedHashMap<>();
			drift.byKind()
				.forEach((kind, choice) -> kinds.put(kind.name().toLowerCase(Locale.ROOT), ChoiceJson.of(choice)));
			Map<String, ChoiceJson> columns = new LinkedHashMap<>();
			drift.byColumn().forEach((name, choice) -> columns.put(name, ChoiceJson.of(choice)));
			return new DriftJson(drift.driftShare(), ChoiceJson.of(drift.all()), kinds, columns);
		}

		DriftSettings toSettings() {
			Map<ColumnKind, DriftSettings.Choice> kinds = new LinkedHashMap<>();
			if (this.byKind != null) {
				this.byKind.forEach((kind, choice) -> kinds.put(kind("drift.by_kind", kind), choice(choice)));
			}
			Map<String, DriftSettings.Choice> columns = new LinkedHashMap<>();
			if (this.byColumn != null) {
				this.byColumn.forEach((name, choice) -> columns.put(name, choice(choice)));
			}
			return new DriftSettings((this.driftShare != null) ? this.driftShare : 0.5,
					(this.all != null) ? this.all.toChoice() : null, kinds, columns);
		}

		private static DriftSettings.Choice choice(ChoiceJson choice) {
			return (choice != null) ? choice.toChoice() : new DriftSettings.Choice(null, null, null);
		}

	}

	/** A new monitor. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record NewMonitorJson(String name, Integer modelVersion, String description, SchemaJson schema, String window,
			String timeZone, DriftJson drift) {
	}

	/** A change to a monitor: each field null to keep it. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record MonitorChangeJson(Long expectedVersion, String description, DriftJson drift) {
	}

	/** Where the reference came from. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record ReferenceJson(String source, long rows, long setAt, long generation) {
	}

	/** A monitor. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record MonitorJson(long id, String modelName, Integer modelVersion, String name, String description,
			SchemaJson schema, String window, String timeZone, DriftJson drift, ReferenceJson reference,
			String createdBy, long createdAt, long updatedAt, long version) {

		static MonitorJson of(Monitor m) {
			ReferenceJson reference = (m.reference() != null) ? new ReferenceJson(m.reference().source(),
					m.reference().rows(), m.reference().setAt(), m.reference().generation()) : null;
			return new MonitorJson(m.id(), m.modelName(), m.modelVersion(), m.name(), m.description(),
					SchemaJson.of(m.schema()), m.window().name().toLowerCase(Locale.ROOT), m.timeZone(),
					DriftJson.of(m.drift()), reference, m.createdBy(), m.createdAt(), m.updatedAt(), m.version());
		}

	}

	/** One page of monitors. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record MonitorsJson(List<MonitorJson> monitors, String nextPageToken) {
	}

	/** A dataset logged to a tracking run: the run and the dataset's name. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record DatasetJson(String runId, String name) {
	}

	/** The time range a reference is taken from. */
	record RangeJson(String from, String to) {
	}

	/** What a batch did. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record IngestedJson(long rows, List<Long> windows) {
	}

	/** One column's drift in a window. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record FeatureJson(String column, String kind, String method, Double score, Double statistic, Double threshold,
			Double possibleThreshold, String verdict, boolean exact, double errorBound, long referenceCount, long count,
			long nulls) {

		static FeatureJson of(FeatureDrift f) {
			if (f == null) {
				return null;
			}
			return new FeatureJson(f.column(), f.kind().name().toLowerCase(Locale.ROOT), f.method(), number(f.score()),
					number(f.statistic()), number(f.threshold()), number(f.possibleThreshold()), f.verdict().name(),
					f.exact(), f.errorBound(), f.referenceCount(), f.count(), f.nulls());
		}

	}

	/** A window's performance from its labels. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record PerformanceJson(String task, long labeled, long predictions, Double labelCoverage,
			Map<String, Double> metrics, List<String> classes, List<List<Long>> confusionMatrix) {

		static PerformanceJson of(PerformanceMetrics p) {
			if (p == null) {
				return null;
			}
			Map<String, Double> metrics = new LinkedHashMap<>();
			p.metrics().forEach((name, value) -> metrics.put(name, number(value)));
			return new PerformanceJson(p.task().name().toLowerCase(Locale.ROOT), p.labeled(), p.predictions(),
					p.coverage(), metrics, p.classes(), p.confusion());
		}

	}

	/** One column's sketches, base64-encoded DataSketches bytes. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record SketchJson(String kll, String frequentItems, String hll, Long nulls, Double mean, Double variance) {

		UploadedSketch toSketch(String column) {
			return new UploadedSketch(bytes(column, "kll", this.kll),
					bytes(column, "frequent_items", this.frequentItems), bytes(column, "hll", this.hll), this.nulls,
					this.mean, this.variance);
		}

		private static byte[] bytes(String column, String field, String base64) {
			if (base64 == null) {
				return null;
			}
			try {
				return java.util.Base64.getDecoder().decode(base64.strip());
			}
			catch (IllegalArgumentException ex) {
				throw SlipwayException.invalidArgument("columns." + column + "." + field, "is not base64");
			}
		}

	}

	/** Sketches of one window, per column. */
	record SketchesJson(String time, Map<String, SketchJson> columns) {
	}

	/** A value and its count. */
	record ItemJson(String value, long count) {
	}

	/** A column's summary in one window. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record SummaryJson(long start, String startTime, long count, long nulls, Double min, Double max, Double mean,
			Double std, Map<String, Double> quantiles, List<Double> binShares, boolean exactBins, Double distinct,
			List<ItemJson> topItems, double rankError) {

		static SummaryJson of(ColumnSummary s) {
			if (s == null) {
				return null;
			}
			return new SummaryJson(s.start(), (s.start() > 0) ? Instant.ofEpochMilli(s.start()).toString() : null,
					s.count(), s.nulls(), s.min(), s.max(), s.mean(), s.std(), s.quantiles(), s.binShares(),
					s.exactBins(), s.distinct(),
					(s.topItems() != null)
							? s.topItems().stream().map((i) -> new ItemJson(i.value(), i.count())).toList() : null,
					s.rankError());
		}

	}

	/** A column over time. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record ColumnHistoryJson(String column, String kind, List<String> binLabels, SummaryJson reference,
			List<SummaryJson> windows) {

		static ColumnHistoryJson of(ColumnHistory h) {
			return new ColumnHistoryJson(h.column(), h.kind().name().toLowerCase(Locale.ROOT), h.binLabels(),
					SummaryJson.of(h.reference()), h.windows().stream().map(SummaryJson::of).toList());
		}

	}

	/** What a batch of labels did. */
	record LabelsJson(long received, long matched, long unmatched) {
	}

	/** One window's drift. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record WindowJson(long start, String startTime, String grain, long rows, Double driftShare, int drifted,
			int possiblyDrifted, int evaluated, String verdict, FeatureJson prediction, List<FeatureJson> features,
			PerformanceJson performance) {

		static WindowJson of(WindowReport w) {
			return new WindowJson(w.start(), Instant.ofEpochMilli(w.start()).toString(),
					w.grain().equals("H") ? "hour" : "day", w.rows(), number(w.driftShare()), w.drifted(),
					w.possiblyDrifted(), w.evaluated(), w.verdict().name(), FeatureJson.of(w.prediction()),
					w.features().stream().map(FeatureJson::of).toList(), PerformanceJson.of(w.performance()));
		}

	}

	/** Drift per window, oldest first. */
	record DriftWindowsJson(List<WindowJson> windows) {
	}

	static Double number(double value) {
		return Double.isFinite(value) ? value : null;
	}

	static ColumnKind kind(String field, String value) {
		return parse(field, value, ColumnKind.class);
	}

	static WindowUnit window(String field, String value) {
		return (value != null) ? parse(field, value, WindowUnit.class) : null;
	}

	static <E extends Enum<E>> E parse(String field, String value, Class<E> type) {
		if (value == null) {
			return null;
		}
		try {
			return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			List<String> names = java.util.Arrays.stream(type.getEnumConstants())
				.map((e) -> e.name().toLowerCase(Locale.ROOT))
				.toList();
			throw SlipwayException.invalidArgument(field, "'" + value + "' is not one of " + String.join(", ", names));
		}
	}

}
