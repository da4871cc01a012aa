package dev.slipway.pipelines.api;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.Refusal;
import dev.slipway.pipelines.TriggerService;
import dev.slipway.pipelines.api.AutomationJson.FiringJson;
import dev.slipway.pipelines.api.AutomationJson.FiringsJson;
import dev.slipway.pipelines.api.AutomationJson.NewTriggerJson;
import dev.slipway.pipelines.api.AutomationJson.TriggerChangeJson;
import dev.slipway.pipelines.api.AutomationJson.TriggerJson;
import dev.slipway.pipelines.api.AutomationJson.TriggersJson;
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
 * Triggers of a pipeline over REST: a monitoring alert, a new model version or another
 * pipeline's success starts a run as the account that made the trigger. Making and
 * changing one needs MANAGE on the pipeline, reading READ ({@link TriggerService}).
 */
@Tag(name = "Pipeline triggers",
		description = "Triggers that start pipeline runs on alerts, model versions and "
				+ "other pipelines' successes, and what they did with each event")
@RestController
@RequestMapping("/api/v1/pipelines/{name}/triggers")
class PipelineTriggersController {

	private final TriggerService triggers;

	PipelineTriggersController(TriggerService triggers) {
		this.triggers = triggers;
	}

	@Operation(summary = "Make a trigger (kind ALERT, MODEL_VERSION or PIPELINE_SUCCEEDED); its runs act as the caller")
	@Refusal(code = ErrorCode.ALREADY_EXISTS, when = "the pipeline has a trigger of that name")
	@Refusal(code = ErrorCode.INVALID_ARGUMENT,
			when = "a field is wrong, or pipeline triggers would form a loop; the message names the field")
	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	TriggerJson create(@PathVariable String name, @RequestBody NewTriggerJson body) {
		return TriggerJson.of(this.triggers.create(name, body.toNewTrigger()));
	}

	@Operation(summary = "A pipeline's triggers, by name")
	@GetMapping
	TriggersJson list(@PathVariable String name) {
		return new TriggersJson(this.triggers.list(name).stream().map(TriggerJson::of).toList());
	}

	@Operation(summary = "A trigger")
	@GetMapping("/{trigger}")
	TriggerJson get(@PathVariable String name, @PathVariable String trigger) {
		return TriggerJson.of(this.triggers.get(name, trigger));
	}

	@Operation(summary = "Enable, disable or change a trigger; absent fields stay as they are")
	@Refusal(code = ErrorCode.INVALID_ARGUMENT, when = "a field is wrong; the message names it")
	@PatchMapping("/{trigger}")
	TriggerJson update(@PathVariable String name, @PathVariable String trigger, @RequestBody TriggerChangeJson body) {
		return TriggerJson.of(this.triggers.update(name, trigger, body.toChange()));
	}

	@Operation(summary = "Delete a trigger with its firings; its runs stay")
	@DeleteMapping("/{trigger}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String name, @PathVariable String trigger) {
		this.triggers.delete(name, trigger);
	}

	@Operation(summary = "What the trigger did with its recent events (STARTED with the run, COOLDOWN, FAILED), "
			+ "newest first")
	@GetMapping("/{trigger}/firings")
	FiringsJson firings(@PathVariable String name, @PathVariable String trigger,
			@RequestParam(name = "limit", required = false) Integer limit) {
		return new FiringsJson(this.triggers.firings(name, trigger, limit).stream().map(FiringJson::of).toList());
	}

}
