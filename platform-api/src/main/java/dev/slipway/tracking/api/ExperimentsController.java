package dev.slipway.tracking.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.mlflow.KeyValueMessage;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.query.Page;
import dev.slipway.tracking.Experiment;
import dev.slipway.tracking.ExperimentService;
import dev.slipway.tracking.api.MlflowJson.ExperimentJson;
import dev.slipway.tracking.api.TrackingMessages.CreateExperiment;
import dev.slipway.tracking.api.TrackingMessages.DeleteExperimentTag;
import dev.slipway.tracking.api.TrackingMessages.ExperimentRef;
import dev.slipway.tracking.api.TrackingMessages.GetExperimentByName;
import dev.slipway.tracking.api.TrackingMessages.SearchExperiments;
import dev.slipway.tracking.api.TrackingMessages.SetExperimentTag;
import dev.slipway.tracking.api.TrackingMessages.UpdateExperiment;
import dev.slipway.tracking.search.ViewType;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow experiments API ({@code service.proto}), under {@code /api/2.0/mlflow} and the
 * UI's {@code /ajax-api}.
 */
@RestController
@MlflowApi
@RequestMapping({ "/api/2.0/mlflow/experiments", "/ajax-api/2.0/mlflow/experiments" })
class ExperimentsController {

	private final ExperimentService experiments;

	ExperimentsController(ExperimentService experiments) {
		this.experiments = experiments;
	}

	@PostMapping("/create")
	Map<String, Object> create(CreateExperiment request) {
		String id = this.experiments.create(request.name(), request.artifactLocation(),
				KeyValueMessage.toKeyValues(request.tags()));
		return Map.of("experiment_id", id);
	}

	@GetMapping("/get")
	Map<String, Object> get(ExperimentRef request) {
		return Map.of("experiment", ExperimentJson.of(this.experiments.get(request.experimentId())));
	}

	@GetMapping("/get-by-name")
	Map<String, Object> getByName(GetExperimentByName request) {
		return Map.of("experiment", ExperimentJson.of(this.experiments.getByName(request.experimentName())));
	}

	@PostMapping("/update")
	Map<String, Object> update(UpdateExperiment request) {
		this.experiments.rename(request.experimentId(), request.newName());
		return Map.of();
	}

	@PostMapping("/delete")
	Map<String, Object> delete(ExperimentRef request) {
		this.experiments.delete(request.experimentId());
		return Map.of();
	}

	@PostMapping("/restore")
	Map<String, Object> restore(ExperimentRef request) {
		this.experiments.restore(request.experimentId());
		return Map.of();
	}

	@PostMapping("/set-experiment-tag")
	Map<String, Object> setTag(SetExperimentTag request) {
		this.experiments.setTag(request.experimentId(),
				new KeyValueMessage(request.key(), request.value()).toKeyValue());
		return Map.of();
	}

	@PostMapping("/delete-experiment-tag")
	Map<String, Object> deleteTag(DeleteExperimentTag request) {
		this.experiments.deleteTag(request.experimentId(), request.key());
		return Map.of();
	}

	@RequestMapping(path = "/search", method = { RequestMethod.GET, RequestMethod.POST })
	Map<String, Object> search(SearchExperiments request) {
		Page<Experiment> page = this.experiments.search(ViewType.parse(request.viewType()), request.filter(),
				request.orderBy(), request.maxResults(), request.pageToken());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("experiments", page.items().stream().map(ExperimentJson::of).toList());
		if (page.nextPageToken() != null) {
			answer.put("next_page_token", page.nextPageToken());
		}
		return answer;
	}

}
