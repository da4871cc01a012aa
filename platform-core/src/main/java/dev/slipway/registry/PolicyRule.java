package dev.slipway.registry;

import dev.slipway.security.Role;

/**
 * One rule of a model's promotion policy.
 *
 * @param targetKind stage or alias
 * @param target the stage's canonical name or the alias
 * @param approvalRequired whether moving a version there needs an approved request
 * @param separateApprover whether the approver must be someone other than the requester
 * @param directRole the lowest role that may still move a version there without a
 * request, or null for nobody
 */
public record PolicyRule(TargetKind targetKind, String target, boolean approvalRequired, boolean separateApprover,
		Role directRole) {
}
