package dev.slipway.registry.web;

import dev.slipway.registry.RollbackPlan;
import dev.slipway.registry.TargetKind;

/**
 * A stage or alias the model page offers to roll back.
 *
 * @param plan what the rollback would do
 * @param label the target as text ({@code Production}, {@code alias champion})
 * @param summary the change in a few words ({@code v3 → v2})
 */
record RollbackOption(RollbackPlan plan, String label, String summary) {

	static RollbackOption of(RollbackPlan plan) {
		String label = (plan.targetKind() == TargetKind.ALIAS) ? "alias " + plan.target() : plan.target();
		String summary = ((plan.current() != null) ? "v" + plan.current() : "none") + " → v" + plan.restored();
		return new RollbackOption(plan, label, summary);
	}

}
