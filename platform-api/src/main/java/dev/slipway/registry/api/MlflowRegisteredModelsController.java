package dev.slipway.registry.api;

import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.mlflow.KeyValueMessage;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.api.MlflowRegistryJson.ModelVersionJson;
import dev.slipway.registry.api.MlflowRegistryJson.RegisteredModelJson;
import dev.slipway.registry.api.RegistryMessages.AliasRef;
import dev.slipway.registry.api.RegistryMessages.CreateRegisteredModel;
import dev.slipway.registry.api.RegistryMessages.DeleteRegisteredModelTag;
import dev.slipway.registry.api.RegistryMessages.GetLatestVersions;
import dev.slipway.registry.api.RegistryMessages.ModelRef;
import dev.slipway.registry.api.RegistryMessages.RenameRegisteredModel;
import dev.slipway.registry.api.RegistryMessages.SearchRegisteredModels;
import dev.slipway.registry.api.RegistryMessages.SetAlias;
import dev.slipway.registry.api.RegistryMessages.SetRegisteredModelTag;
import dev.slipway.registry.api.RegistryMessages.UpdateRegisteredModel;

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
	Map<String, Object> create(CreateRegisteredModel request) {
		return MlflowRegistryJson.model(this.registry.createModel(request.name(), request.description(),
				KeyValueMessage.toKeyValues(request.tags())));
	}

	@GetMapping("/get")
	Map<String, Object> get(ModelRef request) {
		return MlflowRegistryJson.model(this.registry.getModel(request.name()));
	}

	@PostMapping("/rename")
	Map<String, Object> rename(RenameRegisteredModel request) {
		return MlflowRegistryJson.model(this.registry.renameModel(request.name(), request.newName()));
	}

	@PatchMapping("/update")
	Map<String, Object> update(UpdateRegisteredModel request) {
		return MlflowRegistryJson.model(this.registry.updateModel(request.name(), request.description()));
	}

	@DeleteMapping("/delete")
	Map<String, Object> delete(ModelRef request) {
		this.registry.deleteModel(request.name());
		return Map.of();
	}

	@GetMapping("/search")
	Map<String, Object> search(SearchRegisteredModels request) {
		int maxResults = maxResults(request.maxResults(), DEFAULT_MAX_RESULTS, RegistryService.MAX_MODELS_PAGE);
		return MlflowRegistryJson.page("registered_models",
				this.registry.searchModels(request.filter(), maxResults, request.orderBy(), request.pageToken()),
				RegisteredModelJson::of);
	}

	@RequestMapping(path = "/get-latest-versions", method = { RequestMethod.POST, RequestMethod.GET })
	Map<String, Object> latestVersions(GetLatestVersions request) {
		return Map.of("model_versions",
				ModelVersionJson.of(this.registry.latestVersions(request.name(), request.stages())));
	}

	@PostMapping("/set-tag")
	Map<String, Object> setTag(SetRegisteredModelTag request) {
		this.registry.setModelTag(request.name(), request.key(), (request.value() != null) ? request.value() : "");
		return Map.of();
	}

	@DeleteMapping("/delete-tag")
	Map<String, Object> deleteTag(DeleteRegisteredModelTag request) {
		this.registry.deleteModelTag(request.name(), request.key());
		return Map.of();
	}

	@PostMapping("/alias")
	Map<String, Object> setAlias(SetAlias request) {
		this.registry.setAlias(request.name(), request.alias(), request.version());
		return Map.of();
	}

	@DeleteMapping("/alias")
	Map<String, Object> deleteAlias(AliasRef request) {
		this.registry.deleteAlias(request.name(), request.alias());
		return Map.of();
	}

	@GetMapping("/alias")
	Map<String, Object> getByAlias(AliasRef request) {
		return MlflowRegistryJson.version(this.registry.getByAlias(request.name(), request.alias()));
	}

	/**
	 * The page size: MLflow's default when absent, and INVALID_PARAMETER_VALUE outside 1
	 * to {@code max}, as MLflow's handlers check it.
	 */
	static int maxResults(Long value, int defaultValue, int max) {
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
