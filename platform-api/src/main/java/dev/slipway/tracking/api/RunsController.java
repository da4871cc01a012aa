package dev.slipway.tracking.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.mlflow.KeyValueMessage;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.query.Page;
import dev.slipway.tracking.ArtifactService;
import dev.slipway.tracking.Dataset;
import dev.slipway.tracking.DatasetInput;
import dev.slipway.tracking.Metric;
import dev.slipway.tracking.MetricInput;
import dev.slipway.tracking.ModelIo;
import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunInfo;
import dev.slipway.tracking.RunMetric;
import dev.slipway.tracking.RunService;
import dev.slipway.tracking.RunStatus;
import dev.slipway.tracking.api.MlflowJson.FileJson;
import dev.slipway.tracking.api.MlflowJson.MetricJson;
import dev.slipway.tracking.api.MlflowJson.RunInfoJson;
import dev.slipway.tracking.api.MlflowJson.RunJson;
import dev.slipway.tracking.api.TrackingMessages.CreateRun;
import dev.slipway.tracking.api.TrackingMessages.DeleteTag;
import dev.slipway.tracking.api.TrackingMessages.GetMetricHistory;
import dev.slipway.tracking.api.TrackingMessages.GetMetricHistoryBulk;
import dev.slipway.tracking.api.TrackingMessages.GetMetricHistoryBulkInterval;
import dev.slipway.tracking.api.TrackingMessages.ListArtifacts;
import dev.slipway.tracking.api.TrackingMessages.LogBatch;
import dev.slipway.tracking.api.TrackingMessages.LogInputs;
import dev.slipway.tracking.api.TrackingMessages.LogMetric;
import dev.slipway.tracking.api.TrackingMessages.LogModel;
import dev.slipway.tracking.api.TrackingMessages.LogOutputs;
import dev.slipway.tracking.api.TrackingMessages.LogParam;
import dev.slipway.tracking.api.TrackingMessages.RunRef;
import dev.slipway.tracking.api.TrackingMessages.SearchRuns;
import dev.slipway.tracking.api.TrackingMessages.SetTag;
import dev.slipway.tracking.api.TrackingMessages.UpdateRun;
import dev.slipway.tracking.search.ViewType;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/** MLflow runs, metrics and run artifact listing ({@code service.proto}). */
@RestController
@MlflowApi
@RequestMapping({ "/api/2.0/mlflow", "/ajax-api/2.0/mlflow" })
class RunsController {

	private final RunService runs;

	private final ArtifactService artifacts;

	RunsController(RunService runs, ArtifactService artifacts) {
		this.runs = runs;
		this.artifacts = artifacts;
	}

	@PostMapping("/runs/create")
	Map<String, Object> create(CreateRun request) {
		Run run = this.runs.create(request.experimentId(), request.userId(), request.startTime(), request.runName(),
				KeyValueMessage.toKeyValues(request.tags()));
		return Map.of("run", RunJson.of(run));
	}

	@GetMapping("/runs/get")
	Map<String, Object> get(RunRef request) {
		return Map.of("run", RunJson.of(this.runs.get(request.runId())));
	}

	@PostMapping("/runs/update")
	Map<String, Object> update(UpdateRun request) {
		RunStatus status = (request.status() != null) ? RunStatus.parse("status", request.status()) : null;
		RunInfo info = this.runs.update(request.runId(), status, request.endTime(), request.runName());
		return Map.of("run_info", RunInfoJson.of(info));
	}

	@PostMapping("/runs/delete")
	Map<String, Object> delete(RunRef request) {
		this.runs.delete(request.runId());
		return Map.of();
	}

	@PostMapping("/runs/restore")
	Map<String, Object> restore(RunRef request) {
		this.runs.restore(request.runId());
		return Map.of();
	}

	@PostMapping("/runs/log-metric")
	Map<String, Object> logMetric(LogMetric request) {
		this.runs.logMetric(request.runId(),
				metric(new TrackingMessages.Metric(request.key(), request.value(), request.timestamp(), request.step(),
						request.modelId(), request.datasetName(), request.datasetDigest())));
		return Map.of();
	}

	@PostMapping("/runs/log-parameter")
	Map<String, Object> logParam(LogParam request) {
		this.runs.logParam(request.runId(), new KeyValueMessage(request.key(), request.value()).toKeyValue());
		return Map.of();
	}

	@PostMapping("/runs/set-tag")
	Map<String, Object> setTag(SetTag request) {
		this.runs.setTag(request.runId(), new KeyValueMessage(request.key(), request.value()).toKeyValue());
		return Map.of();
	}

	@PostMapping("/runs/delete-tag")
	Map<String, Object> deleteTag(DeleteTag request) {
		this.runs.deleteTag(request.runId(), request.key());
		return Map.of();
	}

	@PostMapping("/runs/log-batch")
	Map<String, Object> logBatch(LogBatch request) {
		List<MetricInput> metrics = request.metrics().stream().map(RunsController::metric).toList();
		this.runs.logBatch(request.runId(), metrics, KeyValueMessage.toKeyValues(request.params()),
				KeyValueMessage.toKeyValues(request.tags()));
		return Map.of();
	}

	@PostMapping("/runs/log-inputs")
	Map<String, Object> logInputs(LogInputs request) {
		List<DatasetInput> datasets = request.datasets().stream().map((input) -> {
			TrackingMessages.Dataset dataset = input.dataset();
			return new DatasetInput(new Dataset(dataset.name(), dataset.digest(), dataset.sourceType(),
					dataset.source(), dataset.schema(), dataset.profile()), KeyValueMessage.toKeyValues(input.tags()));
		}).toList();
		List<String> models = request.models().stream().map(TrackingMessages.ModelInput::modelId).toList();
		this.runs.logInputs(request.runId(), datasets, models);
		return Map.of();
	}

	@PostMapping("/runs/outputs")
	Map<String, Object> logOutputs(LogOutputs request) {
		List<ModelIo> outputs = request.models()
			.stream()
			.map((model) -> new ModelIo(model.modelId(), model.step()))
			.toList();
		this.runs.logOutputs(request.runId(), outputs);
		return Map.of();
	}

	@RequestMapping(path = "/runs/search", method = { RequestMethod.GET, RequestMethod.POST })
	Map<String, Object> search(SearchRuns request) {
		Page<Run> page = this.runs.search(request.experimentIds(), request.filter(),
				ViewType.parse(request.runViewType()), request.maxResults(), request.orderBy(), request.pageToken());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("runs", page.items().stream().map(RunJson::of).toList());
		if (page.nextPageToken() != null) {
			answer.put("next_page_token", page.nextPageToken());
		}
		return answer;
	}

	@GetMapping("/metrics/get-history")
	Map<String, Object> history(GetMetricHistory request) {
		Page<Metric> page = this.runs.history(request.runId(), request.metricKey(), request.maxResults(),
				request.pageToken());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("metrics", page.items().stream().map(MetricJson::of).toList());
		if (page.nextPageToken() != null) {
			answer.put("next_page_token", page.nextPageToken());
		}
		return answer;
	}

	@GetMapping("/metrics/get-history-bulk")
	Map<String, Object> bulkHistory(GetMetricHistoryBulk request) {
		List<RunMetric> points = this.runs.bulkHistory(request.runId(), request.metricKey(), request.maxResults());
		return Map.of("metrics", points.stream().map((p) -> MetricJson.of(p.metric(), p.runId())).toList());
	}

	@PostMapping("/runs/log-model")
	Map<String, Object> logModel(LogModel request) {
		this.runs.logModelJson(request.runId(), request.modelJson());
		return Map.of();
	}

	/**
	 * A chart's read: each run's series sampled down to about {@code max_results} points,
	 * the last step always among them.
	 */
	@GetMapping("/metrics/get-history-bulk-interval")
	Map<String, Object> sampledHistory(GetMetricHistoryBulkInterval request) {
		List<RunMetric> points = this.runs.sampledHistory(request.runIds(), request.metricKey(), request.startStep(),
				request.endStep(), request.maxResults());
		return Map.of("metrics", points.stream().map((p) -> MetricJson.of(p.metric(), p.runId())).toList());
	}

	@GetMapping("/artifacts/list")
	Map<String, Object> listArtifacts(ListArtifacts request) {
		ArtifactService.Listing listing = this.artifacts.listRun(request.runId(), request.path());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("root_uri", listing.rootUri());
		answer.put("files", FileJson.of(listing.files()));
		return answer;
	}

	private static MetricInput metric(TrackingMessages.Metric metric) {
		long step = (metric.step() != null) ? metric.step() : 0L;
		double value = (metric.value() != null) ? metric.value() : 0.0;
		return new MetricInput(new Metric(metric.key(), value, metric.timestamp(), step), metric.modelId(),
				metric.datasetName(), metric.datasetDigest());
	}

}
