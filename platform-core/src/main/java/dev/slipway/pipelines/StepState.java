package dev.slipway.pipelines;

/** The state of one step of a pipeline run. */
public enum StepState {

	/** Waiting for its upstream steps, or for its next attempt. */
	PENDING,

	/** An attempt is running. */
	RUNNING,

	/** Its last attempt exited with 0 and its outputs are stored. */
	SUCCEEDED,

	/** It failed after its last attempt, or could not start. */
	FAILED,

	/** Cancel was asked for while an attempt ran; it is being stopped. */
	CANCELING,

	/** Cancelled before or while it ran. */
	CANCELED,

	/** Not run: its condition was false, or an output it needs was never made. */
	SKIPPED,

	/** Not run: an earlier run's outputs for the same cache key were reused. */
	CACHED;

	/** Whether the step has reached a state it leaves only through a retry. */
	public boolean ended() {
		return this != PENDING && this != RUNNING && this != CANCELING;
	}

	/** Whether downstream steps can use what it left (succeeded, or reused). */
	public boolean produced() {
		return this == SUCCEEDED || this == CACHED;
	}

}
