package dev.slipway.serving;

/** Where a deployment's rollout stands. */
public enum DeploymentPhase {

	/** One version serves; no rollout is under way. */
	STABLE,

	/** A rollout is under way and moves by itself. */
	PROGRESSING,

	/** A rollout holds its current split until someone resumes or promotes it. */
	PAUSED,

	/**
	 * A rollout was stopped, by a failed gate or by a person: the stable version serves
	 * all traffic and the candidate is kept for a look.
	 */
	ABORTED;

	/** Whether a rollout is under way (progressing or paused). */
	public boolean rollingOut() {
		return this == PROGRESSING || this == PAUSED;
	}

}
