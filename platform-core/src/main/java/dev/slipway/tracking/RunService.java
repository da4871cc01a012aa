package dev.slipway.tracking;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;
import dev.slipway.query.Page;
import dev.slipway.query.PageToken;
import dev.slipway.query.SqlQuery;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.tracking.ExperimentRepository.ExperimentRow;
import dev.slipway.tracking.LoggedModelRepository.LoggedModelRow;
import dev.slipway.tracking.RunRepository.RunRow;
import dev.slipway.tracking.search.RunSearch;
import dev.slipway.tracking.search.ViewType;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs and everything logged to them. Each write is one transaction that validates the
 * whole request before writing anything.
 */
@Service
@Transactional(readOnly = true)
public class RunService {

	/** The tag MLflow keeps equal to the run's name. */
	public static final String RUN_NAME_TAG = "mlflow.runName";

	/** The tag holding a run's MLflow 2 model descriptions. */
	public static final String LOG_MODEL_HISTORY_TAG = "mlflow.log-model.history";

	/** Most runs one sampled history read covers (MLflow's limit). */
	public static final int MAX_SAMPLED_RUNS = 100;

	/** Most points per run of a sampled history (MLflow's limit). */
	public static final int MAX_SAMPLED_POINTS = 2500;

	private final ExperimentService experiments;

	private final RunRepository runs;

	private final MetricRepository metrics;

	private final MetricRollupRepository rollups;

	private final InputRepository inputs;

	private final LoggedModelRepository models;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final boolean truncateLongValues;

	RunService(ExperimentService experiments, RunRepository runs, MetricRepository metrics,
			MetricRollupRepository rollups, InputRepository inputs, LoggedModelRepository models, JdbcClient jdbc,
			Clock clock, TrackingProperties properties) {
		this.truncateLongValues = properties.truncateLongValues();
		this.experiments = experiments;
		this.runs = runs;
		this.metrics = metrics;
		this.rollups = rollups;
		this.inputs = inputs;
		this.models = models;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Starts a run in an active experiment ("0" when none is given). */
	@Transactional
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'EDIT')")
	public Run create(String experimentId, String userId, Long startTime, String runName, List<KeyValue> tags) {
		tags.forEach(RunService::validateTag);
		ExperimentRow experiment = this.experiments
			.requireActive((experimentId == null || experimentId.isEmpty()) ? "0" : experimentId);
		String name = (runName != null && !runName.isEmpty()) ? runName
				: tags.stream()
					.filter((tag) -> RUN_NAME_TAG.equals(tag.key()))
					.map(KeyValue::value)
					.findFirst()
					.orElseGet(RunNames::generate);
		TrackingLimits.requireValue("run_name", name, TrackingLimits.MAX_KEY_LENGTH);
		String runUuid = UUID.randomUUID().toString().replace("-", "");
		String artifactUri = ArtifactUris.child(experiment.artifactLocation(), runUuid + "/artifacts");
		// The authenticated caller is who started the run, whatever the client claims.
		String user = CurrentUser.find().map(SlipwayPrincipal::username).orElse(userId);
		long id = this.runs.insert(runUuid, experiment.id(), name, user, RunStatus.RUNNING,
				(startTime != null) ? startTime : this.clock.millis(), artifactUri);
		for (KeyValue tag : tags) {
			this.runs.setTag(id, tag.key(), tag.value());
		}
		this.runs.setTag(id, RUN_NAME_TAG, name);
		return get(runUuid);
	}

	/** The run with its latest metrics, params, tags, inputs and outputs. */
	@PreAuthorize("@trackingAccess.run(#runId, 'READ')")
	public Run get(String runId) {
		return assemble(List.of(require(runId))).get(0);
	}

	/** Changes status, end time or name. */
	@Transactional
	@PreAuthorize("@trackingAccess.run(#runId, 'EDIT')")
	public RunInfo update(String runId, RunStatus status, Long endTime, String runName) {
		RunRow row = requireActive(runId);
		String name = (runName != null && !runName.isEmpty()) ? runName : row.runName();
		TrackingLimits.requireValue("run_name", name, TrackingLimits.MAX_KEY_LENGTH);
		RunStatus newStatus = (status != null) ? status : row.status();
		Long newEnd = (endTime != null) ? endTime : row.endTime();
		this.runs.update(row.id(), newStatus, newEnd, name);
		if (!name.equals(row.runName())) {
			this.runs.setTag(row.id(), RUN_NAME_TAG, name);
		}
		return require(runId).toInfo();
	}

	/** Marks a run deleted; restorable. */
	@Transactional
	@PreAuthorize("@trackingAccess.run(#runId, 'MANAGE')")
	public void delete(String runId) {
		RunRow row = require(runId);
		this.runs.setLifecycleStage(row.id(), "deleted", this.clock.millis());
	}

	/** Restores a deleted run. */
	@Transactional
	@PreAuthorize("@trackingAccess.run(#runId, 'MANAGE')")
	public void restore(String runId) {
		RunRow row = require(runId);
		this.runs.setLifecycleStage(row.id(), "active", null);
	}

	/** Logs one metric point. */
	@Transactional
	@PreAuthorize("@trackingAccess.run(#runId, 'EDIT')")
	public void logMetric(String runId, MetricInput metric) {
		logBatch(runId, List.of(metric), List.of(), List.of());
	}

	/** Logs one param; the same value again is fine, a different one is refused. */
	@Transactional
	@PreAuthorize("@trackingAccess.run(#runId, 'EDIT')")
	public void logParam(String runId, KeyValue param) {
		logBatch(runId, List.of(), List.of(param), List.of());
	}

	/** Sets (or replaces) one tag. */
	@Transactional
	@PreAuthorize("@trackingAccess.run(#runId, 'EDIT')")
	public void setTag(String runId, KeyValue tag) {
		logBatch(runId, List.of(), List.of(), List.of(tag));
	}

	/** Removes one tag. */
	@Transactional
	@PreAuthorize("@trackingAccess.run(#runId, 'EDIT')")
	public void deleteTag(String runId, String key) {
		RunRow row = requireActive(runId);
		if (this.runs.deleteTag(row.id(), key) == 0) {
			throw new SlipwayException(ErrorCode.NOT_FOUND, "No tag with name: " + key + " in run with id " + runId);
		}
	}

	/**
	 * Logs metrics, params and tags at once: all or nothing. Identical metric points
	 * resent by a retrying client are stored once.
	 */
	@Transactional
	@PreAuthorize("@trackingAccess.run(#runId, 'EDIT')")
	public void logBatch(String runId, List<MetricInput> metricInputs, List<KeyValue> givenParams,
			List<KeyValue> givenTags) {
		List<KeyValue> params = truncated(givenParams, TrackingLimits.MAX_PARAM_VALUE_LENGTH);
		List<KeyValue> tags = truncated(givenTags, TrackingLimits.MAX_TAG_VALUE_LENGTH);
		validateBatch(metricInputs, params, tags);
		RunRow row = requireActive(runId);
		Map<String, LoggedModelRow> linkedModels = linkedModels(metricInputs);
		writeParams(row, params);
		for (KeyValue tag : tags) {
			this.runs.setTag(row.id(), tag.key(), tag.value());
			if (RUN_NAME_TAG.equals(tag.key()) && !tag.value().equals(row.runName())) {
				this.runs.setRunName(row.id(), tag.value());
			}
		}
		List<Metric> points = new ArrayList<>(metricInputs.size());
		for (MetricInput input : metricInputs) {
			points.add(input.metric());
		}
		this.metrics.append(row.id(), points);
		this.rollups.add(row.id(), points);
		for (MetricInput input : metricInputs) {
			if (input.modelId() != null) {
				LoggedModelRow model = linkedModels.get(input.modelId());
				this.models.addMetric(model.id(), row.id(), input.metric(), input.datasetName(), input.datasetDigest());
			}
		}
	}

	/** Records datasets (with input tags) and logged models a run used. */
	@Transactional
	@PreAuthorize("@trackingAccess.run(#runId, 'EDIT')")
	public void logInputs(String runId, List<DatasetInput> datasets, List<String> modelIds) {
		for (DatasetInput input : datasets) {
			validateDataset(input);
		}
		RunRow row = requireActive(runId);
		List<LoggedModelRow> usedModels = modelIds.stream().map(this::requireModel).toList();
		for (DatasetInput input : datasets) {
			long datasetId = this.inputs.datasetId(row.experimentId(), input.dataset());
			this.inputs.addDatasetInput(row.id(), datasetId, input.tags());
		}
		for (LoggedModelRow model : usedModels) {
			this.inputs.addModelInput(row.id(), model.id());
		}
	}

	/** Records logged models a run produced. */
	@Transactional
	@PreAuthorize("@trackingAccess.run(#runId, 'EDIT')")
	public void logOutputs(String runId, List<ModelIo> outputs) {
		RunRow row = requireActive(runId);
		List<LoggedModelRow> produced = outputs.stream().map((output) -> requireModel(output.modelId())).toList();
		for (int i = 0; i < outputs.size(); i++) {
			Long step = outputs.get(i).step();
			this.inputs.addModelOutput(row.id(), produced.get(i).id(), (step != null) ? step : 0L);
		}
	}

	/**
	 * One page of runs matching an MLflow filter, in the requested order. A refused
	 * filter leaves a caller's read-only transaction usable (a page shows the refusal).
	 */
	@Transactional(readOnly = true, noRollbackFor = SlipwayException.class)
	@PreAuthorize("@trackingAccess.experiments(#experimentIds, 'READ')")
	public Page<Run> search(List<String> experimentIds, String filter, ViewType viewType, Long maxResults,
			List<String> orderBy, String pageToken) {
		int size = TrackingLimits.pageSize("max_results", maxResults, 1000, TrackingLimits.MAX_RUNS_PAGE);
		long offset = PageToken.decode(pageToken);
		List<Long> ids = new ArrayList<>();
		for (String experimentId : experimentIds) {
			ids.add(ExperimentService.parseId(experimentId));
		}
		if (ids.isEmpty()) {
			return new Page<>(List.of(), null);
		}
		SqlQuery query = RunSearch.sql(ids, viewType, filter, orderBy, offset, size + 1);
		List<Long> runIds = this.runs.searchIds(query);
		boolean more = runIds.size() > size;
		List<RunRow> rows = this.runs.findAll(more ? runIds.subList(0, size) : runIds);
		return new Page<>(assemble(rows), more ? PageToken.encode(offset + size) : null);
	}

	/** Most runs one {@link #getAll} read covers. */
	public static final int MAX_REFRESHED_RUNS = 200;

	/**
	 * The listed runs of one experiment with their latest metrics, for refreshing a page;
	 * ids of other experiments or unknown ids are left out. One permission check and one
	 * batch read, whatever the number of runs (at most {@value #MAX_REFRESHED_RUNS}).
	 */
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'READ')")
	public List<Run> getAll(String experimentId, List<String> runIds) {
		if (runIds.size() > MAX_REFRESHED_RUNS) {
			throw SlipwayException.invalidArgument("run_ids",
					"at most " + MAX_REFRESHED_RUNS + " run ids, got " + runIds.size());
		}
		long experiment = ExperimentService.parseId(experimentId);
		if (runIds.isEmpty()) {
			return List.of();
		}
		List<Long> ids = this.jdbc
			.sql("SELECT id FROM runs WHERE experiment_id = :experiment AND run_uuid IN (:runs) ORDER BY id")
			.param("experiment", experiment)
			.param("runs", List.copyOf(new HashSet<>(runIds)))
			.query(Long.class)
			.list();
		return ids.isEmpty() ? List.of() : assemble(this.runs.findAll(ids));
	}

	/**
	 * A page of one metric's full history, in MLflow's order (timestamp, step, value).
	 */
	@PreAuthorize("@trackingAccess.run(#runId, 'READ')")
	public Page<Metric> history(String runId, String key, Long maxResults, String pageToken) {
		TrackingLimits.requireKey("metric_key", key);
		RunRow row = require(runId);
		int size = TrackingLimits.pageSize("max_results", maxResults, TrackingLimits.MAX_HISTORY_PAGE,
				TrackingLimits.MAX_HISTORY_PAGE);
		long offset = PageToken.decode(pageToken);
		List<Metric> points = this.metrics.history(row.id(), key, offset, size + 1);
		boolean more = points.size() > size;
		return new Page<>(more ? points.subList(0, size) : points, more ? PageToken.encode(offset + size) : null);
	}

	/**
	 * The full histories of one metric for several runs (MLflow's
	 * {@code get-history-bulk}), at most {@code maxResults} points in all, run by run.
	 */
	@PreAuthorize("@trackingAccess.runs(#runIds, 'READ')")
	public List<RunMetric> bulkHistory(List<String> runIds, String key, Long maxResults) {
		TrackingLimits.requireKey("metric_key", key);
		if (runIds.isEmpty() || runIds.size() > MAX_SAMPLED_RUNS) {
			throw SlipwayException.invalidArgument("run_id",
					"between 1 and " + MAX_SAMPLED_RUNS + " run ids are required, got " + runIds.size());
		}
		int budget = TrackingLimits.pageSize("max_results", maxResults, TrackingLimits.MAX_HISTORY_PAGE,
				TrackingLimits.MAX_HISTORY_PAGE);
		List<RunMetric> result = new ArrayList<>();
		for (String runId : runIds) {
			RunRow row = require(runId);
			for (Metric point : this.metrics.history(row.id(), key, 0, budget - result.size())) {
				result.add(new RunMetric(row.runUuid(), point));
			}
			if (result.size() >= budget) {
				break;
			}
		}
		return result;
	}

	/**
	 * Records an MLflow 2 model description ({@code runs/log-model}): appended to the
	 * run's {@code mlflow.log-model.history} tag, a JSON list, as MLflow does.
	 */
	@Transactional
	@PreAuthorize("@trackingAccess.run(#runId, 'EDIT')")
	public void logModelJson(String runId, String modelJson) {
		if (modelJson == null || modelJson.isBlank()) {
			throw SlipwayException.invalidArgument("model_json", "is required");
		}
		String trimmed = modelJson.trim();
		if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
			throw SlipwayException.invalidArgument("model_json", "must be a JSON object");
		}
		RunRow row = requireActive(runId);
		String existing = this.runs.tags(List.of(row.id()))
			.getOrDefault(row.id(), List.of())
			.stream()
			.filter((tag) -> LOG_MODEL_HISTORY_TAG.equals(tag.key()))
			.map(KeyValue::value)
			.findFirst()
			.orElse(null);
		String history = (existing == null || !existing.trim().endsWith("]")) ? "[" + trimmed + "]"
				: existing.trim().substring(0, existing.trim().length() - 1)
						+ (existing.trim().equals("[]") ? "" : ", ") + trimmed + "]";
		TrackingLimits.requireValue("model_json", history, TrackingLimits.MAX_TAG_VALUE_LENGTH);
		this.runs.setTag(row.id(), LOG_MODEL_HISTORY_TAG, history);
	}

	/**
	 * Each run's series of one metric between two steps, sampled as MLflow's
	 * {@code get-history-bulk-interval} does; a series that already fits in
	 * {@code maxResults} points is returned whole. A longer one gives {@code maxResults}
	 * evenly spaced steps plus the last step, so never fewer points than asked, and in
	 * addition the lowest and highest point of equal step ranges, so spikes survive.
	 * Reads a bounded number of rows whatever the series' length.
	 */
	@PreAuthorize("@trackingAccess.runs(#runIds, 'READ')")
	public List<RunMetric> sampledHistory(List<String> runIds, String key, Long startStep, Long endStep,
			Long maxResults) {
		return history(runIds, key, startStep, endStep, maxResults, this::sample);
	}

	/**
	 * Each run's series of one metric between two steps for a chart of at most
	 * {@code points} points per run: the lowest and highest point of {@code points / 2}
	 * equal step ranges (the first and last step among them when the ends are extremes);
	 * a series that fits is returned whole.
	 */
	@PreAuthorize("@trackingAccess.runs(#runIds, 'READ')")
	public List<RunMetric> chartHistory(List<String> runIds, String key, Long startStep, Long endStep, Long points) {
		return history(runIds, key, startStep, endStep, points,
				(runId, metricKey, start, end, max) -> downsample(runId, metricKey, start, end, Math.max(1, max / 2)));
	}

	/** How a series longer than asked is cut down. */
	@FunctionalInterface
	private interface Sampling {

		List<Metric> sample(long runId, String key, long start, long end, int max);

	}

	private List<RunMetric> history(List<String> runIds, String key, Long startStep, Long endStep, Long maxResults,
			Sampling sampling) {
		TrackingLimits.requireKey("metric_key", key);
		if (runIds.isEmpty() || runIds.size() > MAX_SAMPLED_RUNS) {
			throw SlipwayException.invalidArgument("run_ids",
					"between 1 and " + MAX_SAMPLED_RUNS + " run ids are required, got " + runIds.size());
		}
		int max = TrackingLimits.pageSize("max_results", maxResults, MAX_SAMPLED_POINTS, MAX_SAMPLED_POINTS);
		List<RunMetric> result = new ArrayList<>();
		for (String runId : runIds) {
			RunRow row = require(runId);
			Long[] range = this.metrics.stepRange(row.id(), key);
			if (range == null) {
				continue;
			}
			long start = (startStep != null) ? Math.max(startStep, range[0]) : range[0];
			long end = (endStep != null) ? Math.min(endStep, range[1]) : range[1];
			if (start > end) {
				continue;
			}
			List<Metric> points = this.metrics.historyBetween(row.id(), key, start, end, max + 1);
			if (points.size() > max) {
				points = sampling.sample(row.id(), key, start, end, max);
			}
			for (Metric point : points) {
				result.add(new RunMetric(row.runUuid(), point));
			}
		}
		return result;
	}

	/**
	 * Min/max points of {@code groups} step ranges: from the raw points when the range is
	 * short enough that the finest summaries would be coarser than asked, otherwise from
	 * the summaries.
	 */
	private List<Metric> downsample(long runId, String key, long start, long end, int groups) {
		if (end - start + 1 <= MetricRollupRepository.WIDTHS[0] * groups) {
			MetricSampler.Downsampler downsampler = new MetricSampler.Downsampler(groups, start, end);
			this.metrics.forEachBetween(runId, key, start, end, (point) -> downsampler.add(point.step(), point, point));
			return downsampler.finish();
		}
		long width = MetricSampler.widthFor(start, end);
		return MetricSampler.downsample(this.rollups.buckets(runId, key, width, start, end), groups, start, end);
	}

	/**
	 * A long series sampled. A range short enough to stream is sampled as MLflow does
	 * (every n-th distinct step and the last), with the extremes of each pair of slices;
	 * a longer one is read from the rollup summaries: the lowest and highest point of as
	 * many equal step ranges as points asked (so a dense series yields at least that
	 * many), and the last step.
	 */
	private List<Metric> sample(long runId, String key, long start, long end, int max) {
		List<Metric> sampled = new ArrayList<>();
		if (end - start + 1 <= MetricRollupRepository.WIDTHS[0] * (long) Math.max(1, max / 2)) {
			MetricSampler.EvenSteps even = new MetricSampler.EvenSteps(max);
			this.metrics.forEachBetween(runId, key, start, end, even::add);
			sampled.addAll(even.finish());
		}
		else {
			long width = MetricSampler.widthFor(start, end);
			sampled
				.addAll(MetricSampler.downsample(this.rollups.buckets(runId, key, width, start, end), max, start, end));
			sampled.addAll(this.metrics.historyBetween(runId, key, end, end, 1));
		}
		return MetricSampler.merge(sampled);
	}

	/** The run row behind a public id, if this server tracks it. */
	Optional<RunRow> find(String runId) {
		return this.runs.findByUuid(runId);
	}

	/** The run row behind a public id; unknown ids are NOT_FOUND. */
	RunRow require(String runId) {
		TrackingLimits.requireRunId("run_id", runId);
		return this.runs.findByUuid(runId)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND, "Run with id=" + runId + " not found"));
	}

	private RunRow requireActive(String runId) {
		RunRow row = require(runId);
		if (!row.isActive()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"The run " + runId + " must be in the 'active' state. Current state is deleted.");
		}
		return row;
	}

	private LoggedModelRow requireModel(String modelId) {
		if (modelId == null || modelId.isEmpty()) {
			throw SlipwayException.invalidArgument("model_id", "is required");
		}
		return this.models.findByUid(modelId)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND,
					"Logged model with ID '" + modelId + "' not found"));
	}

	private Map<String, LoggedModelRow> linkedModels(List<MetricInput> metricInputs) {
		Map<String, LoggedModelRow> linked = new LinkedHashMap<>();
		for (MetricInput input : metricInputs) {
			if (input.modelId() != null && !linked.containsKey(input.modelId())) {
				linked.put(input.modelId(), requireModel(input.modelId()));
			}
		}
		return linked;
	}

	private void writeParams(RunRow row, List<KeyValue> params) {
		if (params.isEmpty()) {
			return;
		}
		Map<String, String> existing = this.runs.params(row.id(), params.stream().map(KeyValue::key).toList());
		List<KeyValue> fresh = new ArrayList<>();
		for (KeyValue param : params) {
			String logged = existing.get(param.key());
			if (logged == null) {
				fresh.add(param);
			}
			else if (!logged.equals(param.value())) {
				throw changedParam(row.runUuid(), param, logged);
			}
		}
		this.runs.insertParams(row.id(), fresh);
		// A concurrent request may have logged the same key first: its value must agree
		// too.
		Map<String, String> stored = this.runs.params(row.id(), fresh.stream().map(KeyValue::key).toList());
		for (KeyValue param : fresh) {
			if (!param.value().equals(stored.get(param.key()))) {
				throw changedParam(row.runUuid(), param, stored.get(param.key()));
			}
		}
	}

	/**
	 * MLflow's optional leniency: over-long values cut to the limit rather than refused.
	 */
	private List<KeyValue> truncated(List<KeyValue> pairs, int limit) {
		if (!this.truncateLongValues) {
			return pairs;
		}
		return pairs.stream()
			.map((pair) -> (pair.value() != null && pair.value().length() > limit)
					? new KeyValue(pair.key(), pair.value().substring(0, limit)) : pair)
			.toList();
	}

	private static SlipwayException changedParam(String runId, KeyValue param, String logged) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT,
				"Changing param values is not allowed. Param with key='" + param.key()
						+ "' was already logged with value='" + TrackingLimits.abbreviate(String.valueOf(logged))
						+ "' for run ID='" + runId + "'. Attempted logging new value '"
						+ TrackingLimits.abbreviate(param.value()) + "'.");
	}

	private List<Run> assemble(List<RunRow> rows) {
		List<Long> ids = rows.stream().map(RunRow::id).toList();
		Map<Long, List<Metric>> latest = this.metrics.latest(ids);
		Map<Long, List<KeyValue>> params = this.runs.params(ids);
		Map<Long, List<KeyValue>> tags = this.runs.tags(ids);
		Map<Long, List<DatasetInput>> datasets = this.inputs.datasetInputs(ids);
		Map<Long, List<ModelIo>> modelInputs = this.inputs.modelInputs(ids);
		Map<Long, List<ModelIo>> modelOutputs = this.inputs.modelOutputs(ids);
		List<Run> result = new ArrayList<>(rows.size());
		for (RunRow row : rows) {
			long id = row.id();
			result.add(new Run(row.toInfo(), latest.getOrDefault(id, List.of()), params.getOrDefault(id, List.of()),
					tags.getOrDefault(id, List.of()), datasets.getOrDefault(id, List.of()),
					modelInputs.getOrDefault(id, List.of()), modelOutputs.getOrDefault(id, List.of())));
		}
		return result;
	}

	private static void validateBatch(List<MetricInput> metrics, List<KeyValue> params, List<KeyValue> tags) {
		if (metrics.size() > TrackingLimits.MAX_BATCH_METRICS) {
			throw SlipwayException.invalidArgument("metrics",
					"a batch holds at most " + TrackingLimits.MAX_BATCH_METRICS + " metrics, got " + metrics.size());
		}
		if (params.size() > TrackingLimits.MAX_BATCH_PARAMS) {
			throw SlipwayException.invalidArgument("params",
					"a batch holds at most " + TrackingLimits.MAX_BATCH_PARAMS + " params, got " + params.size());
		}
		if (tags.size() > TrackingLimits.MAX_BATCH_TAGS) {
			throw SlipwayException.invalidArgument("tags",
					"a batch holds at most " + TrackingLimits.MAX_BATCH_TAGS + " tags, got " + tags.size());
		}
		int total = metrics.size() + params.size() + tags.size();
		if (total > TrackingLimits.MAX_BATCH_ENTITIES) {
			throw SlipwayException.invalidArgument("log-batch", "a batch holds at most "
					+ TrackingLimits.MAX_BATCH_ENTITIES + " metrics, params and tags together, got " + total);
		}
		Set<String> metricKeys = new HashSet<>();
		for (MetricInput input : metrics) {
			// A batch repeats a few keys many times: check each distinct key once.
			if (metricKeys.add(input.metric().key())) {
				TrackingLimits.requireKey("metrics.key", input.metric().key());
			}
		}
		Set<String> paramKeys = new HashSet<>();
		for (KeyValue param : params) {
			TrackingLimits.requireKey("params.key", param.key());
			TrackingLimits.requireValue("params.value", param.value(), TrackingLimits.MAX_PARAM_VALUE_LENGTH);
			if (!paramKeys.add(param.key())) {
				throw SlipwayException.invalidArgument("params",
						"duplicate param key '" + param.key() + "' in one request; send each param once");
			}
		}
		tags.forEach(RunService::validateTag);
	}

	private static void validateTag(KeyValue tag) {
		TrackingLimits.requireKey("tags.key", tag.key());
		TrackingLimits.requireValue("tags.value", tag.value(), TrackingLimits.MAX_TAG_VALUE_LENGTH);
	}

	private static void validateDataset(DatasetInput input) {
		Dataset dataset = input.dataset();
		if (dataset == null) {
			throw SlipwayException.invalidArgument("datasets.dataset", "is required");
		}
		TrackingLimits.requireValue("dataset.name", dataset.name(), 500);
		TrackingLimits.requireValue("dataset.digest", dataset.digest(), 36);
		TrackingLimits.requireValue("dataset.source_type", dataset.sourceType(), 36);
		TrackingLimits.requireValue("dataset.source", dataset.source(), 65_536);
		if (dataset.schema() != null) {
			TrackingLimits.requireValue("dataset.schema", dataset.schema(), 1_048_576);
		}
		if (dataset.profile() != null) {
			TrackingLimits.requireValue("dataset.profile", dataset.profile(), 16_777_216);
		}
		for (KeyValue tag : input.tags()) {
			TrackingLimits.requireValue("datasets.tags.key", tag.key(), 255);
			TrackingLimits.requireValue("datasets.tags.value", tag.value(), 500);
		}
	}

}
