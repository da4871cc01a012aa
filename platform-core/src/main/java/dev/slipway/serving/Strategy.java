package dev.slipway.serving;

/** How a rollout moves traffic from the stable version to the candidate. */
public enum Strategy {

	/** Weighted steps, each held for a pause or until a person resumes it. */
	CANARY,

	/** A fixed split, each request key always on the same version, until promoted. */
	AB,

	/**
	 * The stable version answers every request; a share is mirrored to the candidate and
	 * the answers compared.
	 */
	SHADOW,

	/**
	 * The candidate is loaded and checked beside the stable one with no traffic, then
	 * takes all of it at once.
	 */
	BLUE_GREEN

}
