package dev.slipway.pipelines;

import java.time.Duration;

/**
 * How often a failed step is attempted, and how long to wait between attempts (KFP's
 * {@code retryPolicy}).
 *
 * @param maxAttempts attempts in all, the first included (1 to 10)
 * @param backoff the wait before the second attempt
 * @param factor what each further wait is multiplied by (at least 1)
 * @param maxBackoff the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration backoff, double factor, Duration maxBackoff) {

	/** The most attempts a step may ask for. */
	public static final int MAX_ATTEMPTS = 10;

	/** Built in: one attempt; were more asked for, 10 s doubling up to 10 min. */
	public static final RetryPolicy DEFAULT = new RetryPolicy(1, Duration.ofSeconds(10), 2, Duration.ofMinutes(10));

	public RetryPolicy {
		if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
			throw new IllegalArgumentException("maxAttempts must be 1 to " + MAX_ATTEMPTS);
		}
		if (backoff.isNegative() || maxBackoff.isNegative()) {
			throw new IllegalArgumentException("backoffs must not be negative");
		}
		if (!(factor >= 1) || Double.isInfinite(factor)) {
			throw new IllegalArgumentException("factor must be a number of at least 1");
		}
	}

	/**
	 * The wait before attempt {@code attempt} (1-based): none before the first, then
	 * {@code min(maxBackoff, backoff * factor^(attempt - 2))}.
	 */
	public Duration backoffBefore(int attempt) {
		if (attempt < 1) {
			throw new IllegalArgumentException("attempts count from 1");
		}
		if (attempt == 1) {
			return Duration.ZERO;
		}
		double millis = this.backoff.toMillis() * Math.pow(this.factor, attempt - 2);
		// Compared as doubles first: a large factor overflows a long long before the cap.
		if (millis >= this.maxBackoff.toMillis()) {
			return this.maxBackoff;
		}
		return Duration.ofMillis(Math.round(millis));
	}

}
