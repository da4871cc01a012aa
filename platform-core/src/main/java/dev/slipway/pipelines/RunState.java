package dev.slipway.pipelines;

/** The state of a pipeline run. */
public enum RunState {

	/** Created; no step has started yet. */
	PENDING,

	/** At least one step started and the run has not ended. */
	RUNNING,

	/**
	 * Every step succeeded, was served from the cache or was skipped by its condition.
	 */
	SUCCEEDED,

	/** A step failed after its last attempt. */
	FAILED,

	/** Cancel was asked for; running steps are being stopped. */
	CANCELING,

	/** Cancelled: no step runs any more. */
	CANCELED;

	/** Whether the run has ended. */
	public boolean ended() {
		return this == SUCCEEDED || this == FAILED || this == CANCELED;
	}

}
