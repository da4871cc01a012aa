package dev.slipway.tracking.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.mlflow.KeyValueMessage;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.query.Page;
import dev.slipway.tracking.ArtifactService;
import dev.slipway.tracking.LoggedModel;
import dev.slipway.tracking.LoggedModelService;
import dev.slipway.tracking.api.MlflowJson.FileJson;
import dev.slipway.tracking.api.MlflowJson.LoggedModelJson;
import dev.slipway.tracking.api.TrackingMessages.CreateLoggedModel;
import dev.slipway.tracking.api.TrackingMessages.FinalizeLoggedModel;
import dev.slipway.tracking.api.TrackingMessages.GetLoggedModel;
import dev.slipway.tracking.api.TrackingMessages.ListLoggedModelArtifacts;
import dev.slipway.tracking.api.TrackingMessages.LogLoggedModelParams;
import dev.slipway.tracking.api.TrackingMessages.LoggedModelArtifact;
import dev.slipway.tracking.api.TrackingMessages.SearchLoggedModels;
import dev.slipway.tracking.api.TrackingMessages.SetLoggedModelTags;
import dev.slipway.tracking.search.DatasetFilter;
import dev.slipway.tracking.search.LoggedModelOrder;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** MLflow 3 logged models. */
@RestController
@MlflowApi
@RequestMapping({ "/api/2.0/mlflow/logged-models", "/ajax-api/2.0/mlflow/logged-models" })
class LoggedModelsController {

	private final LoggedModelService models;

	private final ArtifactService artifacts;

	LoggedModelsController(LoggedModelService models, ArtifactService artifacts) {
		this.models = models;
		this.artifacts = artifacts;
	}

	@PostMapping
	Map<String, Object> create(CreateLoggedModel request) {
		LoggedModel model = this.models.create(request.experimentId(), request.name(), request.modelType(),
				request.sourceRunId(), KeyValueMessage.toKeyValues(request.params()),
				KeyValueMessage.toKeyValues(request.tags()));
		return Map.of("model", LoggedModelJson.of(model));
	}

	@GetMapping("/{modelId}")
	Map<String, Object> get(@PathVariable String modelId, GetLoggedModel request) {
		return Map.of("model",
				LoggedModelJson.of(this.models.get(modelId, Boolean.TRUE.equals(request.allowDeleted()))));
	}

	@PatchMapping("/{modelId}")
	Map<String, Object> finalizeModel(@PathVariable String modelId, FinalizeLoggedModel request) {
		return Map.of("model", LoggedModelJson.of(this.models.finalizeModel(modelId, request.status())));
	}

	@DeleteMapping("/{modelId}")
	Map<String, Object> delete(@PathVariable String modelId) {
		this.models.delete(modelId);
		return Map.of();
	}

	@PatchMapping("/{modelId}/tags")
	Map<String, Object> setTags(@PathVariable String modelId, SetLoggedModelTags request) {
		this.models.setTags(modelId, KeyValueMessage.toKeyValues(request.tags()));
		return Map.of();
	}

	@DeleteMapping("/{modelId}/tags/{key}")
	Map<String, Object> deleteTag(@PathVariable String modelId, @PathVariable String key) {
		this.models.deleteTag(modelId, key);
		return Map.of();
	}

	@PostMapping("/{modelId}/params")
	Map<String, Object> logParams(@PathVariable String modelId, LogLoggedModelParams request) {
		this.models.logParams(modelId, KeyValueMessage.toKeyValues(request.params()));
		return Map.of();
	}

	@PostMapping("/search")
	Map<String, Object> search(SearchLoggedModels request) {
		List<LoggedModelOrder> orderBy = request.orderBy()
			.stream()
			.map((order) -> new LoggedModelOrder(order.fieldName(), order.ascending() == null || order.ascending(),
					order.datasetName(), order.datasetDigest()))
			.toList();
		List<DatasetFilter> datasets = request.datasets()
			.stream()
			.map((dataset) -> new DatasetFilter(dataset.datasetName(), dataset.datasetDigest()))
			.toList();
		Page<LoggedModel> page = this.models.search(request.experimentIds(), request.filter(), orderBy, datasets,
				request.maxResults(), request.pageToken());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("models", page.items().stream().map(LoggedModelJson::of).toList());
		if (page.nextPageToken() != null) {
			answer.put("next_page_token", page.nextPageToken());
		}
		return answer;
	}

	@GetMapping("/{modelId}/artifacts/directories")
	Map<String, Object> listArtifacts(@PathVariable String modelId, ListLoggedModelArtifacts request) {
		ArtifactService.Listing listing = this.artifacts.listModel(modelId, request.artifactDirectoryPath());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("root_uri", listing.rootUri());
		answer.put("files", FileJson.of(listing.files()));
		return answer;
	}

	/** One file of a logged model's artifacts, streamed (what MLflow's UI downloads). */
	@GetMapping("/{modelId}/artifacts/files")
	void downloadArtifact(@PathVariable String modelId, LoggedModelArtifact request, HttpServletResponse response)
			throws IOException {
		ArtifactDownloads.send(this.artifacts.openModel(modelId, request.artifactFilePath()),
				request.artifactFilePath(), response);
	}

}
