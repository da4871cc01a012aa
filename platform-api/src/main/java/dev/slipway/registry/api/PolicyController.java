package dev.slipway.registry.api;

import dev.slipway.registry.GovernanceService;
import dev.slipway.registry.api.GovernanceJson.PolicyJson;
import dev.slipway.registry.api.GovernanceJson.RuleJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A model's promotion policy ({@code /api/v1/models/{name}/policy}): everyone who reads
 * the model sees it, MANAGE changes it.
 */
@Tag(name = "Promotion policy", description = "A model's promotion rules: which stages and aliases need approval")
@RestController
@RequestMapping("/api/v1/models/{name}/policy")
class PolicyController {

	private final GovernanceService governance;

	PolicyController(GovernanceService governance) {
		this.governance = governance;
	}

	@Operation(summary = "A model's policy rules")
	@GetMapping
	PolicyJson get(@PathVariable String name) {
		return PolicyJson.of(this.governance.policy(name));
	}

	@Operation(summary = "Add or replace the rule of a stage or alias (MANAGE)")
	@PutMapping("/rules")
	PolicyJson setRule(@PathVariable String name, @RequestBody RuleJson rule) {
		return PolicyJson.of(this.governance.setPolicyRule(name, rule.toRule()));
	}

	@Operation(summary = "Remove the rule of a stage or alias (MANAGE)")
	@DeleteMapping("/rules/{targetKind}/{target}")
	PolicyJson deleteRule(@PathVariable String name, @PathVariable String targetKind, @PathVariable String target) {
		return PolicyJson
			.of(this.governance.deletePolicyRule(name, GovernanceJson.targetKind("target_kind", targetKind), target));
	}

}
