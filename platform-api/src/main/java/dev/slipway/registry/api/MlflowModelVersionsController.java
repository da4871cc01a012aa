package dev.slipway.registry.api;

import java.util.Map;

import dev.slipway.mlflow.KeyValueMessage;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.api.MlflowRegistryJson.ModelVersionJson;
import dev.slipway.registry.api.RegistryMessages.CreateModelVersion;
import dev.slipway.registry.api.RegistryMessages.DeleteModelVersionTag;
import dev.slipway.registry.api.RegistryMessages.SearchModelVersions;
import dev.slipway.registry.api.RegistryMessages.SetModelVersionTag;
import dev.slipway.registry.api.RegistryMessages.TransitionStage;
import dev.slipway.registry.api.RegistryMessages.UpdateModelVersion;
import dev.slipway.registry.api.RegistryMessages.VersionRef;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's model version API ({@code model_registry.proto}), under
 * {@code /api/2.0/mlflow} and the UI's {@code /ajax-api}.
 */
@RestController
@MlflowApi
@RequestMapping({ "/api/2.0/mlflow/model-versions", "/ajax-api/2.0/mlflow/model-versions" })
class MlflowModelVersionsController {

	/**
	 * The page size when the request names none: what MLflow's Python client sends by
	 * default ({@code SEARCH_MODEL_VERSION_MAX_RESULTS_DEFAULT}), rather than the proto's
	 * 200,000, so a bare request stays a reasonable page.
	 */
	static final int DEFAULT_MAX_RESULTS = 10_000;

	private final RegistryService registry;

	MlflowModelVersionsController(RegistryService registry) {
		this.registry = registry;
	}

	@PostMapping("/create")
	Map<String, Object> create(CreateModelVersion request) {
		return MlflowRegistryJson.version(this.registry.createVersion(request.name(), request.source(), request.runId(),
				KeyValueMessage.toKeyValues(request.tags()), request.runLink(), request.description(),
				request.modelId()));
	}

	@GetMapping("/get")
	Map<String, Object> get(VersionRef request) {
		return MlflowRegistryJson.version(this.registry.getVersion(request.name(), request.version()));
	}

	@PatchMapping("/update")
	Map<String, Object> update(UpdateModelVersion request) {
		return MlflowRegistryJson
			.version(this.registry.updateVersion(request.name(), request.version(), request.description()));
	}

	@DeleteMapping("/delete")
	Map<String, Object> delete(VersionRef request) {
		this.registry.deleteVersion(request.name(), request.version());
		return Map.of();
	}

	@PostMapping("/transition-stage")
	Map<String, Object> transitionStage(TransitionStage request) {
		return MlflowRegistryJson.version(this.registry.transitionStage(request.name(), request.version(),
				request.stage(), Boolean.TRUE.equals(request.archiveExistingVersions())));
	}

	@GetMapping("/search")
	Map<String, Object> search(SearchModelVersions request) {
		int maxResults = MlflowRegisteredModelsController.maxResults(request.maxResults(), DEFAULT_MAX_RESULTS,
				RegistryService.MAX_VERSIONS_PAGE);
		return MlflowRegistryJson.page("model_versions",
				this.registry.searchVersions(request.filter(), maxResults, request.orderBy(), request.pageToken()),
				ModelVersionJson::of);
	}

	@GetMapping("/get-download-uri")
	Map<String, Object> downloadUri(VersionRef request) {
		return Map.of("artifact_uri", this.registry.downloadUri(request.name(), request.version()));
	}

	@PostMapping("/set-tag")
	Map<String, Object> setTag(SetModelVersionTag request) {
		this.registry.setVersionTag(request.name(), request.version(), request.key(),
				(request.value() != null) ? request.value() : "");
		return Map.of();
	}

	@DeleteMapping("/delete-tag")
	Map<String, Object> deleteTag(DeleteModelVersionTag request) {
		this.registry.deleteVersionTag(request.name(), request.version(), request.key());
		return Map.of();
	}

}
