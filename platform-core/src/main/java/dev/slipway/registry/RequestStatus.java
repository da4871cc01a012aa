package dev.slipway.registry;

/** Where a transition request stands. */
public enum RequestStatus {

	/** Waiting for a decision. */
	PENDING,

	/** Approved and applied. */
	APPROVED,

	/** Rejected; nothing changed. */
	REJECTED,

	/** Withdrawn by the requester, or void because the version went away. */
	CANCELLED

}
