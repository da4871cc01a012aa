package dev.slipway.registry.api;

import java.util.Map;

import dev.slipway.mlflow.MlflowApi;
import dev.slipway.mlflow.MlflowRequest;
import dev.slipway.query.KeyValue;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.api.MlflowRegistryJson.ModelVersionJson;

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
	Map<String, Object> create(MlflowRequest request) {
		return MlflowRegistryJson
			.version(this.registry.createVersion(request.requireString("name"), request.requireString("source"),
					request.firstString("run_id"), request.keyValues("tags", KeyValue::new), request.string("run_link"),
					request.string("description"), request.string("model_id")));
	}

	@GetMapping("/get")
	Map<String, Object> get(MlflowRequest request) {
		return MlflowRegistryJson
			.version(this.registry.getVersion(request.requireString("name"), request.requireString("version")));
	}

	@PatchMapping("/update")
	Map<String, Object> update(MlflowRequest request) {
		return MlflowRegistryJson.version(this.registry.updateVersion(request.requireString("name"),
				request.requireString("version"), request.string("description")));
	}

	@DeleteMapping("/delete")
	Map<String, Object> delete(MlflowRequest request) {
		this.registry.deleteVersion(request.requireString("name"), request.requireString("version"));
		return Map.of();
	}

	@PostMapping("/transition-stage")
	Map<String, Object> transitionStage(MlflowRequest request) {
		Boolean archive = request.bool("archive_existing_versions");
		return MlflowRegistryJson.version(this.registry.transitionStage(request.requireString("name"),
				request.requireString("version"), request.requireString("stage"), Boolean.TRUE.equals(archive)));
	}

	@GetMapping("/search")
	Map<String, Object> search(MlflowRequest request) {
		int maxResults = MlflowRegisteredModelsController.maxResults(request, DEFAULT_MAX_RESULTS,
				RegistryService.MAX_VERSIONS_PAGE);
		return MlflowRegistryJson.page("model_versions", this.registry.searchVersions(request.string("filter"),
				maxResults, request.strings("order_by"), request.string("page_token")), ModelVersionJson::of);
	}

	@GetMapping("/get-download-uri")
	Map<String, Object> downloadUri(MlflowRequest request) {
		return Map.of("artifact_uri",
				this.registry.downloadUri(request.requireString("name"), request.requireString("version")));
	}

	@PostMapping("/set-tag")
	Map<String, Object> setTag(MlflowRequest request) {
		KeyValue tag = request.keyValue(KeyValue::new);
		this.registry.setVersionTag(request.requireString("name"), request.requireString("version"), tag.key(),
				tag.value());
		return Map.of();
	}

	@DeleteMapping("/delete-tag")
	Map<String, Object> deleteTag(MlflowRequest request) {
		this.registry.deleteVersionTag(request.requireString("name"), request.requireString("version"),
				request.requireString("key"));
		return Map.of();
	}

}
