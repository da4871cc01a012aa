package dev.slipway.serving.api;

import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.Refusal;
import dev.slipway.query.Page;
import dev.slipway.serving.Deployment;
import dev.slipway.serving.DeploymentChange;
import dev.slipway.serving.DeploymentService;
import dev.slipway.serving.NewDeployment;
import dev.slipway.serving.api.DeploymentsJson.ActionJson;
import dev.slipway.serving.api.DeploymentsJson.ChangeJson;
import dev.slipway.serving.api.DeploymentsJson.DeploymentChangeJson;
import dev.slipway.serving.api.DeploymentsJson.DeploymentJson;
import dev.slipway.serving.api.DeploymentsJson.DeploymentPageJson;
import dev.slipway.serving.api.DeploymentsJson.HistoryJson;
import dev.slipway.serving.api.DeploymentsJson.NewDeploymentJson;
import dev.slipway.serving.api.DeploymentsJson.NewRolloutJson;
import dev.slipway.serving.api.DeploymentsJson.TrafficJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deployments over REST: create one on a registered model version, roll a candidate out
 * and promote, pause, resume, abort or roll back; read its history and traffic. Who may
 * do what is decided by {@link DeploymentService}: the model's READ to look, EDIT to
 * change and roll out, MANAGE to delete.
 */
@Tag(name = "Deployments", description = "Model deployments and their canary, A/B, shadow and blue-green rollouts")
@RestController
@RequestMapping("/api/v1/deployments")
class DeploymentsController {

	/** Deployments or changes one page holds when the caller names no size. */
	static final int DEFAULT_MAX_RESULTS = 100;

	private final DeploymentService deployments;

	DeploymentsController(DeploymentService deployments) {
		this.deployments = deployments;
	}

	@Operation(summary = "Deploy a registered model version behind /serve/{name}/invocations and /v2/models/{name}")
	@Refusal(code = ErrorCode.ALREADY_EXISTS, when = "a deployment of this name exists")
	@Refusal(code = ErrorCode.INVALID_ARGUMENT, when = "a field is wrong; the message names it")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	DeploymentJson create(@RequestBody NewDeploymentJson body) {
		return DeploymentJson.of(this.deployments.create(new NewDeployment(body.name(), body.description(),
				body.model(), body.version(), (body.backend() != null) ? body.backend().toBackend() : null,
				(body.options() != null) ? body.options().toOptions() : null)));
	}

	@Operation(summary = "Deployments the caller may read, optionally of one model")
	@GetMapping
	DeploymentPageJson list(@RequestParam(name = "model", required = false) String model,
			@RequestParam(name = "page_token", required = false) String pageToken,
			@RequestParam(name = "max_results", required = false) String maxResults) {
		Page<Deployment> page = this.deployments.list(model, pageToken, integer(maxResults));
		return new DeploymentPageJson(page.items().stream().map(DeploymentJson::of).toList(), page.nextPageToken());
	}

	@Operation(summary = "One deployment with its rollout")
	@GetMapping("/{name}")
	DeploymentJson get(@PathVariable String name) {
		return DeploymentJson.of(this.deployments.get(name));
	}

	@Operation(summary = "Change the description or options; absent fields stay")
	@PatchMapping("/{name}")
	DeploymentJson update(@PathVariable String name, @RequestBody DeploymentChangeJson body) {
		return DeploymentJson.of(this.deployments.update(name, body.description(),
				(body.options() != null) ? body.options().toOptions() : null));
	}

	@Operation(summary = "Delete a deployment; its endpoint stops answering")
	@DeleteMapping("/{name}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String name) {
		this.deployments.delete(name);
	}

	@Operation(summary = "Start rolling a candidate version out (canary, ab, shadow or blue_green)")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "a rollout is already under way")
	@Refusal(code = ErrorCode.INVALID_ARGUMENT, when = "a field is wrong; the message names it")
	@PostMapping("/{name}/rollouts")
	@ResponseStatus(HttpStatus.CREATED)
	DeploymentJson rollout(@PathVariable String name, @RequestBody NewRolloutJson body) {
		return DeploymentJson.of(this.deployments.startRollout(name, body.version(),
				(body.backend() != null) ? body.backend().toBackend() : null, body.toPlan()));
	}

	@Operation(summary = "Make the candidate the stable version now")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "no rollout is under way")
	@PostMapping("/{name}/promote")
	DeploymentJson promote(@PathVariable String name, @RequestBody(required = false) ActionJson body) {
		return DeploymentJson.of(this.deployments.promote(name, reason(body)));
	}

	@Operation(summary = "Hold the rollout's current split")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the rollout is not progressing")
	@PostMapping("/{name}/pause")
	DeploymentJson pause(@PathVariable String name, @RequestBody(required = false) ActionJson body) {
		return DeploymentJson.of(this.deployments.pause(name, reason(body)));
	}

	@Operation(summary = "Move a paused rollout on")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the rollout is not paused")
	@PostMapping("/{name}/resume")
	DeploymentJson resume(@PathVariable String name, @RequestBody(required = false) ActionJson body) {
		return DeploymentJson.of(this.deployments.resume(name, reason(body)));
	}

	@Operation(summary = "Stop the rollout: all traffic back to the stable version")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "no rollout is under way")
	@PostMapping("/{name}/abort")
	DeploymentJson abort(@PathVariable String name, @RequestBody(required = false) ActionJson body) {
		return DeploymentJson.of(this.deployments.abort(name, reason(body)));
	}

	@Operation(summary = "Roll back: abort a rollout, or put back the version stable before the last promotion")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "there is nothing to roll back to")
	@PostMapping("/{name}/rollback")
	DeploymentJson rollback(@PathVariable String name, @RequestBody(required = false) ActionJson body) {
		return DeploymentJson.of(this.deployments.rollback(name, reason(body)));
	}

	@Operation(summary = "The deployment's changes, newest first")
	@GetMapping("/{name}/history")
	HistoryJson history(@PathVariable String name, @RequestParam(name = "before_id", required = false) Long beforeId,
			@RequestParam(name = "max_results", required = false) String maxResults) {
		int size = integer(maxResults);
		List<DeploymentChange> changes = this.deployments.history(name, beforeId, size);
		Long next = (changes.size() == size) ? changes.get(changes.size() - 1).id() : null;
		return new HistoryJson(changes.stream().map(ChangeJson::of).toList(), next);
	}

	@Operation(summary = "Requests, errors and latency per version, every replica's")
	@GetMapping("/{name}/traffic")
	TrafficJson traffic(@PathVariable String name, @RequestParam(name = "since", required = false) Long since) {
		return TrafficJson.of(this.deployments.traffic(name, since));
	}

	private static String reason(ActionJson body) {
		return (body != null) ? body.reason() : null;
	}

	private static int integer(String value) {
		if (value == null || value.isBlank()) {
			return DEFAULT_MAX_RESULTS;
		}
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw SlipwayException.invalidArgument("max_results", "must be a whole number");
		}
	}

}
