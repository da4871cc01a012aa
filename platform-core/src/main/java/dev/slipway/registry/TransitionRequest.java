package dev.slipway.registry;

import dev.slipway.security.SlipwayPrincipal;

/**
 * A request to move a version into a stage or under an alias.
 *
 * @param id the request id
 * @param modelName the registered model
 * @param version the version number
 * @param targetKind stage or alias
 * @param target the stage's canonical name or the alias
 * @param archiveExisting whether approving also archives the versions now in the stage
 * @param comment the requester's comment, or null
 * @param requestedBy who asked
 * @param requestedAt when, epoch milliseconds
 * @param status where it stands
 * @param decidedBy who approved, rejected or cancelled it, or null
 * @param decidedAt when, or null
 * @param decisionComment the decision's comment, or null
 */
public record TransitionRequest(long id, String modelName, int version, TargetKind targetKind, String target,
		boolean archiveExisting, String comment, String requestedBy, long requestedAt, RequestStatus status,
		String decidedBy, Long decidedAt, String decisionComment) {

	/**
	 * Whether {@code caller} may withdraw it: its requester or an admin, while pending.
	 */
	public boolean cancellableBy(SlipwayPrincipal caller) {
		return this.status == RequestStatus.PENDING && (caller.isAdmin() || caller.username().equals(this.requestedBy));
	}

}
