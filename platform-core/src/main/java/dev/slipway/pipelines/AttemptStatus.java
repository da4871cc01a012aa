package dev.slipway.pipelines;

/**
 * Where an attempt is, as an executor sees it.
 *
 * @param phase the phase
 * @param exitCode the program's exit code once it ended, if known
 * @param message why, in words, for the ended phases other than SUCCEEDED (may be
 * {@code null})
 */
public record AttemptStatus(AttemptPhase phase, Integer exitCode, String message) {

	/** Whether the attempt has ended, well or not. */
	public boolean ended() {
		return this.phase != AttemptPhase.PENDING && this.phase != AttemptPhase.RUNNING;
	}

}
