package dev.slipway.registry.api;

import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.mlflow.MlflowRequest;
import dev.slipway.query.KeyValue;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.api.MlflowRegistryJson.ModelVersionJson;
import dev.slipway.registry.api.MlflowRegistryJson.RegisteredModelJson;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's registered model API ({@code model_registry.proto}), under
 * {@code /api/2.0/mlflow} and the UI's {@code /ajax-api}.
 */
@RestController
@MlflowApi
@RequestMapping({ "/api/2.0/mlflow/registered-models", "/ajax-api/2.0/mlflow/registered-models" })
class MlflowRegisteredModelsController {

	/** MLflow's page size when the request names none. */
	static final int DEFAULT_MAX_RESULTS = 100;

	private final RegistryService registry;

	MlflowRegisteredModelsController(RegistryService registry) {
		this.registry = registry;
	}

	@PostMapping("/create")
	Map<String, Object> create(MlflowRequest request) {
		return MlflowRegistryJson.model(this.registry.createModel(request.requireString("name"),
				request.string("description"), request.keyValues("tags", KeyValue::new)));
	}

	@GetMapping("/get")
	Map<String, Object> get(MlflowRequest request) {
		return MlflowRegistryJson.model(this.registry.getModel(request.requireString("name")));
	}

	@PostMapping("/rename")
	Map<String, Object> rename(MlflowRequest request) {
		return MlflowRegistryJson
			.model(this.registry.renameModel(request.requireString("name"), request.requireString("new_name")));
	}

	@PatchMapping("/update")
	Map<String, Object> update(MlflowRequest request) {
		return MlflowRegistryJson
			.model(this.registry.updateModel(request.requireString("name"), request.string("description")));
	}

	@DeleteMapping("/delete")
	Map<String, Object> delete(MlflowRequest request) {
		this.registry.deleteModel(request.requireString("name"));
		return Map.of();
	}

	@GetMapping("/search")
	Map<String, Object> search(MlflowRequest request) {
		int maxResults = maxResults(request, DEFAULT_MAX_RESULTS, RegistryService.MAX_MODELS_PAGE);
		return MlflowRegistryJson.page("registered_models", this.registry.searchModels(request.string("filter"),
				maxResults, request.strings("order_by"), request.string("page_token")), RegisteredModelJson::of);
	}

	@RequestMapping(path = "/get-latest-versions", method = { RequestMethod.POST, RequestMethod.GET })
	Map<String, Object> latestVersions(MlflowRequest request) {
		return Map.of("model_versions", ModelVersionJson
			.of(this.registry.latestVersions(request.requireString("name"), request.strings("stages"))));
	}

	@PostMapping("/set-tag")
	Map<String, Object> setTag(MlflowRequest request) {
		KeyValue tag = request.keyValue(KeyValue::new);
		this.registry.setModelTag(request.requireString("name"), tag.key(), tag.value());
		return Map.of();
	}

	@DeleteMapping("/delete-tag")
	Map<String, Object> deleteTag(MlflowRequest request) {
		this.registry.deleteModelTag(request.requireString("name"), request.requireString("key"));
		return Map.of();
	}

	@PostMapping("/alias")
	Map<String, Object> setAlias(MlflowRequest request) {
		this.registry.setAlias(request.requireString("name"), request.requireString("alias"),
				request.requireString("version"));
		return Map.of();
	}

	@DeleteMapping("/alias")
	Map<String, Object> deleteAlias(MlflowRequest request) {
		this.registry.deleteAlias(request.requireString("name"), request.requireString("alias"));
		return Map.of();
	}

	@GetMapping("/alias")
	Map<String, Object> getByAlias(MlflowRequest request) {
		return MlflowRegistryJson
			.version(this.registry.getByAlias(request.requireString("name"), request.requireString("alias")));
	}

	/**
	 * The page size: MLflow's default when absent, and INVALID_PARAMETER_VALUE outside 1
	 * to {@code max}, as MLflow's handlers check it.
	 */
	static int maxResults(MlflowRequest request, int defaultValue, int max) {
		Long value = request.int64("max_results");
		if (value == null) {
			return defaultValue;
		}
		if (value < 1 || value > max) {
			throw SlipwayException.invalidArgument("max_results",
					"must be between 1 and " + max + ", but got value " + value);
		}
		return value.intValue();
	}

}
