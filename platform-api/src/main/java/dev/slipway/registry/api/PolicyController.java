package dev.slipway.registry.api;

import dev.slipway.registry.GovernanceService;
import dev.slipway.registry.api.GovernanceJson.PolicyJson;
import dev.slipway.registry.api.GovernanceJson.RuleJson;

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
@RestController
@RequestMapping("/api/v1/models/{name}/policy")
class PolicyController {

	private final GovernanceService governance;

	PolicyController(GovernanceService governance) {
		this.governance = governance;
	}

	@GetMapping
	PolicyJson get(@PathVariable String name) {
		return PolicyJson.of(this.governance.policy(name));
	}

	@PutMapping("/rules")
	PolicyJson setRule(@PathVariable String name, @RequestBody RuleJson rule) {
		return PolicyJson.of(this.governance.setPolicyRule(name, rule.toRule()));
	}

	@DeleteMapping("/rules/{targetKind}/{target}")
	PolicyJson deleteRule(@PathVariable String name, @PathVariable String targetKind, @PathVariable String target) {
		return PolicyJson
			.of(this.governance.deletePolicyRule(name, GovernanceJson.targetKind("target_kind", targetKind), target));
	}

}
