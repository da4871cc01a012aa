package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.mlflow.MlflowApi;
import dev.slipway.mlflow.MlflowRequest;
import dev.slipway.tracking.MlflowJson.FileJson;
import dev.slipway.tracking.MlflowJson.LoggedModelJson;
import dev.slipway.tracking.search.DatasetFilter;
import dev.slipway.tracking.search.LoggedModelOrder;

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
	Map<String, Object> create(MlflowRequest request) {
		LoggedModel model = this.models.create(request.requireString("experiment_id"), request.string("name"),
				request.string("model_type"), request.string("source_run_id"),
				request.keyValues("params", KeyValue::new), request.keyValues("tags", KeyValue::new));
		return Map.of("model", LoggedModelJson.of(model));
	}

	@GetMapping("/{modelId}")
	Map<String, Object> get(@PathVariable String modelId, MlflowRequest request) {
		Boolean allowDeleted = request.bool("allow_deleted");
		return Map.of("model", LoggedModelJson.of(this.models.get(modelId, Boolean.TRUE.equals(allowDeleted))));
	}

	@PatchMapping("/{modelId}")
	Map<String, Object> finalizeModel(@PathVariable String modelId, MlflowRequest request) {
		return Map.of("model", LoggedModelJson.of(this.models.finalizeModel(modelId, request.string("status"))));
	}

	@DeleteMapping("/{modelId}")
	Map<String, Object> delete(@PathVariable String modelId) {
		this.models.delete(modelId);
		return Map.of();
	}

	@PatchMapping("/{modelId}/tags")
	Map<String, Object> setTags(@PathVariable String modelId, MlflowRequest request) {
		this.models.setTags(modelId, request.keyValues("tags", KeyValue::new));
		return Map.of();
	}

	@DeleteMapping("/{modelId}/tags/{key}")
	Map<String, Object> deleteTag(@PathVariable String modelId, @PathVariable String key) {
		this.models.deleteTag(modelId, key);
		return Map.of();
	}

	@PostMapping("/{modelId}/params")
	Map<String, Object> logParams(@PathVariable String modelId, MlflowRequest request) {
		this.models.logParams(modelId, request.keyValues("params", KeyValue::new));
		return Map.of();
	}

	@PostMapping("/search")
	Map<String, Object> search(MlflowRequest request) {
		List<LoggedModelOrder> orderBy = new ArrayList<>();
		for (MlflowRequest order : request.objects("order_by")) {
			Boolean ascending = order.bool("ascending");
			orderBy.add(new LoggedModelOrder(order.requireString("field_name"), ascending == null || ascending,
					order.string("dataset_name"), order.string("dataset_digest")));
		}
		List<DatasetFilter> datasets = new ArrayList<>();
		for (MlflowRequest dataset : request.objects("datasets")) {
			datasets.add(new DatasetFilter(dataset.requireString("dataset_name"), dataset.string("dataset_digest")));
		}
		Page<LoggedModel> page = this.models.search(request.strings("experiment_ids"), request.string("filter"),
				orderBy, datasets, request.int64("max_results"), request.string("page_token"));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("models", page.items().stream().map(LoggedModelJson::of).toList());
		if (page.nextPageToken() != null) {
			answer.put("next_page_token", page.nextPageToken());
		}
		return answer;
	}

	@GetMapping("/{modelId}/artifacts/directories")
	Map<String, Object> listArtifacts(@PathVariable String modelId, MlflowRequest request) {
		ArtifactService.Listing listing = this.artifacts.listModel(modelId, request.string("artifact_directory_path"));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("root_uri", listing.rootUri());
		answer.put("files", FileJson.of(listing.files()));
		return answer;
	}

}
