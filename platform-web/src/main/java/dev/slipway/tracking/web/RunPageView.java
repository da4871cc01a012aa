package dev.slipway.tracking.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.slipway.query.KeyValue;
import dev.slipway.query.Page;
import dev.slipway.tracking.DatasetInput;
import dev.slipway.tracking.Experiment;
import dev.slipway.tracking.Metric;
import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunComparisonService;
import dev.slipway.tracking.RunInfo;
import dev.slipway.tracking.RunStatus;

/**
 * What the run page shows, worked out before the template renders it.
 *
 * @param experiment the run's experiment
 * @param info the run's attributes
 * @param statusClass the CSS class of the status badge
 * @param started start time as text
 * @param ended end time as text, empty while running
 * @param duration how long it ran (or has been running)
 * @param source the {@code mlflow.source.name} tag, or null
 * @param gitCommit the {@code mlflow.source.git.commit} tag, or null
 * @param parentRunId the {@code mlflow.parentRunId} tag, or null
 * @param children child runs, at most {@link RunPageController#MAX_CHILDREN}
 * @param moreChildren whether there are more children than listed
 * @param params params, by key
 * @param tags tags people set, by key
 * @param systemTags tags MLflow sets ({@code mlflow.*}), by key
 * @param datasets datasets used
 * @param metrics latest value of each metric, by key
 * @param canEdit whether the caller may change the run's tags
 * @param live whether the page should poll for changes
 */
record RunPageView(Experiment experiment, RunInfo info, String statusClass, String started, String ended,
		String duration, String source, String gitCommit, String parentRunId, List<RunInfo> children,
		boolean moreChildren, List<KeyValue> params, List<KeyValue> tags, List<KeyValue> systemTags,
		List<DatasetInput> datasets, List<MetricRow> metrics, boolean canEdit, boolean live) {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	static RunPageView of(Experiment experiment, Run run, Page<Run> children, boolean canEdit, long now) {
		RunInfo info = run.info();
		List<KeyValue> tags = new ArrayList<>();
		List<KeyValue> systemTags = new ArrayList<>();
		for (KeyValue tag : sorted(run.tags())) {
			(tag.key().startsWith("mlflow.") ? systemTags : tags).add(tag);
		}
		return new RunPageView(experiment, info, statusClass(info.status()), time(info.startTime()),
				time(info.endTime()), duration(info, now), tag(run, "mlflow.source.name"),
				tag(run, "mlflow.source.git.commit"), tag(run, "mlflow.parentRunId"),
				children.items().stream().map(Run::info).toList(), children.nextPageToken() != null,
				sorted(run.params()), tags, systemTags, run.datasetInputs(), MetricRow.of(run.metrics()), canEdit,
				!info.status().isTerminal());
	}

	/** The run's display name, its id when it has none. */
	public String title() {
		return (this.info.runName() != null && !this.info.runName().isEmpty()) ? this.info.runName()
				: this.info.runId();
	}

	static String statusClass(RunStatus status) {
		return "status status-" + status.name().toLowerCase(java.util.Locale.ROOT);
	}

	static String time(Long epochMillis) {
		return (epochMillis == null) ? "" : TIME.format(Instant.ofEpochMilli(epochMillis));
	}

	static String duration(RunInfo info, long now) {
		if (info.startTime() == null) {
			return "";
		}
		long end = (info.endTime() != null) ? info.endTime() : (info.status().isTerminal() ? info.startTime() : now);
		Duration duration = Duration.ofMillis(Math.max(0, end - info.startTime()));
		if (duration.toHours() > 0) {
			return duration.toHours() + "h " + duration.toMinutesPart() + "m " + duration.toSecondsPart() + "s";
		}
		if (duration.toMinutes() > 0) {
			return duration.toMinutes() + "m " + duration.toSecondsPart() + "s";
		}
		return (duration.toMillis() < 10_000)
				? String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0)
				: duration.toSeconds() + "s";
	}

	private static String tag(Run run, String key) {
		return run.tags().stream().filter((tag) -> tag.key().equals(key)).map(KeyValue::value).findFirst().orElse(null);
	}

	private static List<KeyValue> sorted(List<KeyValue> values) {
		return values.stream().sorted(Comparator.comparing(KeyValue::key)).toList();
	}

	/**
	 * The latest point of one metric as the page shows it.
	 *
	 * @param key the metric key
	 * @param value the value as text
	 * @param step its step
	 * @param time its time as text
	 */
	record MetricRow(String key, String value, long step, String time) {

		static List<MetricRow> of(List<Metric> metrics) {
			return metrics.stream()
				.sorted(Comparator.comparing(Metric::key))
				.map((metric) -> new MetricRow(metric.key(), RunComparisonService.format(metric.value()), metric.step(),
						RunPageView.time(metric.timestamp())))
				.toList();
		}

	}

}
