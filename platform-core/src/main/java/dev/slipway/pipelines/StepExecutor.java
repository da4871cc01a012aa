package dev.slipway.pipelines;

/**
 * Runs step attempts somewhere: as OS processes on the server's machine ({@code local})
 * or as Kubernetes Jobs ({@code kubernetes}). The run engine owns retries, caching and
 * state; an executor only starts, watches, stops and reads the logs of one attempt at a
 * time. Every method is idempotent for the same {@link AttemptLaunch#id()}, so a replica
 * that takes over an attempt can call them again.
 */
public interface StepExecutor {

	/** {@code local} or {@code kubernetes}. */
	String kind();

	/**
	 * Starts the attempt, or re-attaches to it when it was started before under the same
	 * id (a Kubernetes Job of that name exists).
	 * @throws dev.slipway.error.SlipwayException when it cannot be started (for example
	 * INVALID_ARGUMENT for a program that does not exist, UNAVAILABLE when the cluster
	 * does not answer)
	 */
	StartedAttempt start(AttemptLaunch launch);

	/**
	 * Where the attempt is now. An attempt this executor knows nothing of (a local
	 * process of another replica or of a previous life of this one, a deleted Job) is
	 * {@link AttemptPhase#LOST}.
	 */
	AttemptStatus poll(AttemptLaunch launch);

	/**
	 * Stops the attempt: a graceful signal first, the forced end after the grace period,
	 * for the whole process tree or the Job's pods. Returns once that was done; an
	 * attempt already gone is not an error.
	 */
	void stop(AttemptLaunch launch);

	/**
	 * Reads one of the attempt's logs from a byte offset, at most {@code maxBytes}. A
	 * Kubernetes pod has one merged log, given as {@link LogStream#STDOUT}.
	 */
	LogChunk readLog(AttemptLaunch launch, LogStream stream, long offset, int maxBytes);

	/**
	 * Forgets an ended attempt once the engine has stored its state and logs: drops the
	 * process entry, or leaves the Job to its TTL. Idempotent.
	 */
	void release(AttemptLaunch launch);

}
