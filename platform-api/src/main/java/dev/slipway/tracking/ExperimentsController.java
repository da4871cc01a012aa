package dev.slipway.tracking;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.mlflow.MlflowApi;
import dev.slipway.mlflow.MlflowRequest;
import dev.slipway.tracking.MlflowJson.ExperimentJson;
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
	Map<String, Object> create(MlflowRequest request) {
		String id = this.experiments.create(request.string("name"), request.string("artifact_location"),
				request.keyValues("tags", KeyValue::new));
		return Map.of("experiment_id", id);
	}

	@GetMapping("/get")
	Map<String, Object> get(MlflowRequest request) {
		return Map.of("experiment", ExperimentJson.of(this.experiments.get(request.requireString("experiment_id"))));
	}

	@GetMapping("/get-by-name")
	Map<String, Object> getByName(MlflowRequest request) {
		return Map.of("experiment", ExperimentJson.of(this.experiments.getByName(request.string("experiment_name"))));
	}

	@PostMapping("/update")
	Map<String, Object> update(MlflowRequest request) {
		this.experiments.rename(request.requireString("experiment_id"), request.string("new_name"));
		return Map.of();
	}

	@PostMapping("/delete")
	Map<String, Object> delete(MlflowRequest request) {
		this.experiments.delete(request.requireString("experiment_id"));
		return Map.of();
	}

	@PostMapping("/restore")
	Map<String, Object> restore(MlflowRequest request) {
		this.experiments.restore(request.requireString("experiment_id"));
		return Map.of();
	}

	@PostMapping("/set-experiment-tag")
	Map<String, Object> setTag(MlflowRequest request) {
		this.experiments.setTag(request.requireString("experiment_id"), request.keyValue(KeyValue::new));
		return Map.of();
	}

	@PostMapping("/delete-experiment-tag")
	Map<String, Object> deleteTag(MlflowRequest request) {
		this.experiments.deleteTag(request.requireString("experiment_id"), request.requireString("key"));
		return Map.of();
	}

	@RequestMapping(path = "/search", method = { RequestMethod.GET, RequestMethod.POST })
	Map<String, Object> search(MlflowRequest request) {
		Page<Experiment> page = this.experiments.search(ViewType.parse(request.string("view_type")),
				request.string("filter"), request.strings("order_by"), request.int64("max_results"),
				request.string("page_token"));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("experiments", page.items().stream().map(ExperimentJson::of).toList());
		if (page.nextPageToken() != null) {
			answer.put("next_page_token", page.nextPageToken());
		}
		return answer;
	}

}
