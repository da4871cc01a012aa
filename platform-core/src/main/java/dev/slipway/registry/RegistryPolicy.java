package dev.slipway.registry;

import java.util.Optional;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.registry.RegistryRepository.ModelRow;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayPrincipal;

import org.springframework.stereotype.Component;

/**
 * Each model's approval policy: the default rules a new model starts with (from
 * {@link RegistrySettings}), and whether the caller may move a version into a stage or
 * alias directly or must ask through a transition request.
 */
@Component
final class RegistryPolicy {

	private final GovernanceRepository governance;

	private final RegistrySettings settings;

	RegistryPolicy(GovernanceRepository governance, RegistrySettings settings) {
		this.governance = governance;
		this.settings = settings;
	}

	void insertDefaultPolicy(long modelId) {
		for (String stage : this.settings.approvalStages()) {
			if (!stage.isBlank()) {
				this.governance.putRule(modelId, new PolicyRule(TargetKind.STAGE, Stage.parse(stage).wireName(), true,
						this.settings.separateApprover(), this.settings.directRole()));
			}
		}
		for (String alias : this.settings.protectedAliases()) {
			if (!alias.isBlank()) {
				this.governance.putRule(modelId,
						new PolicyRule(TargetKind.ALIAS, RegistryNames.validateAlias(alias.trim()), true,
								this.settings.separateApprover(), this.settings.directRole()));
			}
		}
	}

	Optional<PolicyRule> rule(long modelId, TargetKind kind, String target) {
		return this.governance.rule(modelId, kind, target);
	}

	/**
	 * Whether the caller may move versions into the target without a request: always when
	 * no rule asks for approval, else when their role reaches the rule's direct role.
	 */
	boolean mayDirect(long modelId, TargetKind kind, String target) {
		Optional<PolicyRule> rule = rule(modelId, kind, target);
		if (rule.isEmpty() || !rule.get().approvalRequired()) {
			return true;
		}
		Role direct = rule.get().directRole();
		SlipwayPrincipal caller = CurrentUser.require();
		return direct != null && caller.role().includes(direct);
	}

	void requireDirect(ModelRow model, TargetKind kind, String target) {
		if (!mayDirect(model.id(), kind, target)) {
			String what = (kind == TargetKind.STAGE) ? "Moving a version to " + target
					: "Changing the protected alias '" + target + "'";
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
					what + " of '" + model.name() + "' needs an approved transition request "
							+ "(POST /api/v1/models/{name}/requests, or Request transition on the version page)");
		}
	}

}
