package dev.slipway.pipelines;

/** The phase of one attempt, as its executor reports it. */
public enum AttemptPhase {

	/** Accepted but not running yet (a Job without a running pod). */
	PENDING,

	/** Running. */
	RUNNING,

	/** Ended with exit code 0. */
	SUCCEEDED,

	/** Ended with a non-zero exit code, or could not run. */
	FAILED,

	/** Stopped because it ran longer than its timeout. */
	TIMED_OUT,

	/** Stopped on request (cancel). */
	STOPPED,

	/**
	 * Unknown to the executor: its replica died, or its Job was deleted by someone else.
	 */
	LOST

}
