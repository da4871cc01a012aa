package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.mlflow.MlflowRequest;
import dev.slipway.tracking.MlflowJson.FileJson;
import dev.slipway.tracking.MlflowJson.MetricJson;
import dev.slipway.tracking.MlflowJson.RunInfoJson;
import dev.slipway.tracking.MlflowJson.RunJson;
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
	Map<String, Object> create(MlflowRequest request) {
		Run run = this.runs.create(request.string("experiment_id"), request.string("user_id"),
				request.int64("start_time"), request.string("run_name"), request.keyValues("tags", KeyValue::new));
		return Map.of("run", RunJson.of(run));
	}

	@GetMapping("/runs/get")
	Map<String, Object> get(MlflowRequest request) {
		return Map.of("run", RunJson.of(this.runs.get(runId(request))));
	}

	@PostMapping("/runs/update")
	Map<String, Object> update(MlflowRequest request) {
		String status = request.string("status");
		RunInfo info = this.runs.update(runId(request), (status != null) ? RunStatus.parse("status", status) : null,
				request.int64("end_time"), request.string("run_name"));
		return Map.of("run_info", RunInfoJson.of(info));
	}

	@PostMapping("/runs/delete")
	Map<String, Object> delete(MlflowRequest request) {
		this.runs.delete(runId(request));
		return Map.of();
	}

	@PostMapping("/runs/restore")
	Map<String, Object> restore(MlflowRequest request) {
		this.runs.restore(runId(request));
		return Map.of();
	}

	@PostMapping("/runs/log-metric")
	Map<String, Object> logMetric(MlflowRequest request) {
		this.runs.logMetric(runId(request), metric(request));
		return Map.of();
	}

	@PostMapping("/runs/log-parameter")
	Map<String, Object> logParam(MlflowRequest request) {
		this.runs.logParam(runId(request), request.keyValue(KeyValue::new));
		return Map.of();
	}

	@PostMapping("/runs/set-tag")
	Map<String, Object> setTag(MlflowRequest request) {
		this.runs.setTag(runId(request), request.keyValue(KeyValue::new));
		return Map.of();
	}

	@PostMapping("/runs/delete-tag")
	Map<String, Object> deleteTag(MlflowRequest request) {
		this.runs.deleteTag(runId(request), request.requireString("key"));
		return Map.of();
	}

	@PostMapping("/runs/log-batch")
	Map<String, Object> logBatch(MlflowRequest request) {
		List<MetricInput> metrics = new ArrayList<>();
		for (MlflowRequest metric : request.objects("metrics")) {
			metrics.add(metric(metric));
		}
		this.runs.logBatch(runId(request), metrics, request.keyValues("params", KeyValue::new),
				request.keyValues("tags", KeyValue::new));
		return Map.of();
	}

	@PostMapping("/runs/log-inputs")
	Map<String, Object> logInputs(MlflowRequest request) {
		List<DatasetInput> datasets = new ArrayList<>();
		for (MlflowRequest input : request.objects("datasets")) {
			MlflowRequest dataset = input.object("dataset");
			if (dataset == null) {
				throw SlipwayException.invalidArgument("datasets.dataset", "is required");
			}
			datasets.add(new DatasetInput(
					new Dataset(dataset.string("name"), dataset.string("digest"), dataset.string("source_type"),
							dataset.string("source"), dataset.string("schema"), dataset.string("profile")),
					input.keyValues("tags", KeyValue::new)));
		}
		List<String> models = new ArrayList<>();
		for (MlflowRequest model : request.objects("models")) {
			models.add(model.requireString("model_id"));
		}
		this.runs.logInputs(runId(request), datasets, models);
		return Map.of();
	}

	@PostMapping("/runs/outputs")
	Map<String, Object> logOutputs(MlflowRequest request) {
		List<ModelIo> outputs = new ArrayList<>();
		for (MlflowRequest model : request.objects("models")) {
			outputs.add(new ModelIo(model.requireString("model_id"), model.int64("step")));
		}
		this.runs.logOutputs(runId(request), outputs);
		return Map.of();
	}

	@RequestMapping(path = "/runs/search", method = { RequestMethod.GET, RequestMethod.POST })
	Map<String, Object> search(MlflowRequest request) {
		Page<Run> page = this.runs.search(request.strings("experiment_ids"), request.string("filter"),
				ViewType.parse(request.string("run_view_type")), request.int64("max_results"),
				request.strings("order_by"), request.string("page_token"));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("runs", page.items().stream().map(RunJson::of).toList());
		if (page.nextPageToken() != null) {
			answer.put("next_page_token", page.nextPageToken());
		}
		return answer;
	}

	@GetMapping("/metrics/get-history")
	Map<String, Object> history(MlflowRequest request) {
		Page<Metric> page = this.runs.history(runId(request), request.string("metric_key"),
				request.int64("max_results"), request.string("page_token"));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("metrics", page.items().stream().map(MetricJson::of).toList());
		if (page.nextPageToken() != null) {
			answer.put("next_page_token", page.nextPageToken());
		}
		return answer;
	}

	@GetMapping("/metrics/get-history-bulk")
	Map<String, Object> bulkHistory(MlflowRequest request) {
		List<RunMetric> points = this.runs.bulkHistory(request.strings("run_id"), request.string("metric_key"),
				request.int64("max_results"));
		return Map.of("metrics", points.stream().map((p) -> MetricJson.of(p.metric(), p.runId())).toList());
	}

	@PostMapping("/runs/log-model")
	Map<String, Object> logModel(MlflowRequest request) {
		this.runs.logModelJson(runId(request), request.string("model_json"));
		return Map.of();
	}

	/**
	 * A chart's read: each run's series downsampled to at most {@code max_results}
	 * points.
	 */
	@GetMapping("/metrics/get-history-bulk-interval")
	Map<String, Object> sampledHistory(MlflowRequest request) {
		List<RunMetric> points = this.runs.sampledHistory(request.strings("run_ids"), request.string("metric_key"),
				request.int64("start_step"), request.int64("end_step"), request.int64("max_results"));
		return Map.of("metrics", points.stream().map((p) -> MetricJson.of(p.metric(), p.runId())).toList());
	}

	@GetMapping("/artifacts/list")
	Map<String, Object> listArtifacts(MlflowRequest request) {
		ArtifactService.Listing listing = this.artifacts.listRun(runId(request), request.string("path"));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("root_uri", listing.rootUri());
		answer.put("files", FileJson.of(listing.files()));
		return answer;
	}

	private static String runId(MlflowRequest request) {
		String runId = request.firstString("run_id", "run_uuid");
		if (runId == null) {
			throw SlipwayException.invalidArgument("run_id", "is required");
		}
		return runId;
	}

	private static MetricInput metric(MlflowRequest request) {
		Double value = request.dbl("value");
		Long timestamp = request.int64("timestamp");
		Long step = request.int64("step");
		if (timestamp == null) {
			throw SlipwayException.invalidArgument("timestamp", "is required");
		}
		Metric metric = new Metric(request.requireString("key"), (value != null) ? value : 0.0, timestamp,
				(step != null) ? step : 0L);
		return new MetricInput(metric, request.string("model_id"), request.string("dataset_name"),
				request.string("dataset_digest"));
	}

}
