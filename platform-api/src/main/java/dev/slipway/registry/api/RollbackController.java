package dev.slipway.registry.api;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.Refusal;
import dev.slipway.registry.GovernanceService;
import dev.slipway.registry.api.GovernanceJson.RollbackJson;
import dev.slipway.registry.api.GovernanceJson.RollbackPlanJson;
import dev.slipway.registry.api.GovernanceJson.RolledBackJson;
import dev.slipway.registry.api.MlflowRegistryJson.ModelVersionJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rolling a stage or alias back to the version promoted there before
 * ({@code /api/v1/models/{name}/rollback}): GET shows what would happen, POST does it.
 */
@Tag(name = "Rollback", description = "Putting the version promoted before back into a stage or under an alias")
@RestController
@RequestMapping("/api/v1/models/{name}/rollback")
class RollbackController {

	private final GovernanceService governance;

	RollbackController(GovernanceService governance) {
		this.governance = governance;
	}

	@Operation(summary = "What a rollback of a stage or alias would do, without doing it")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "no earlier version to roll back to")
	@GetMapping
	RollbackPlanJson plan(@PathVariable String name,
			@RequestParam(name = "target_kind", required = false) String targetKind,
			@RequestParam(required = false) String target) {
		return RollbackPlanJson.of(this.governance.rollbackPlan(name,
				GovernanceJson.targetKind("target_kind", targetKind), GovernanceJson.required("target", target)));
	}

	@Operation(summary = "Roll a stage or alias back to the version promoted before, with a reason")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "no earlier version to roll back to")
	@PostMapping
	RolledBackJson rollback(@PathVariable String name, @RequestBody RollbackJson request) {
		return new RolledBackJson(ModelVersionJson
			.of(this.governance.rollback(name, GovernanceJson.targetKind("target_kind", request.targetKind()),
					GovernanceJson.required("target", request.target()), request.reason())));
	}

}
