package dev.slipway.error;

import java.time.Duration;
import java.util.Objects;

/**
 * A request Slipway cannot serve now but may serve if sent again: a dependency is down or
 * saturated. Answered 503 ({@code TEMPORARILY_UNAVAILABLE} to MLflow clients, which retry
 * it) with a {@code Retry-After} header.
 */
public class TemporarilyUnavailableException extends SlipwayException {

	private final Duration retryAfter;

	public TemporarilyUnavailableException(String message, Duration retryAfter) {
		this(message, retryAfter, null);
	}

	public TemporarilyUnavailableException(String message, Duration retryAfter, Throwable cause) {
		super(ErrorCode.SERVICE_UNAVAILABLE, message, cause);
		this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
	}

	/** How long the caller should wait before sending the request again. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * {@link #retryAfter()} in whole seconds, at least one, as {@code Retry-After} wants.
	 */
	public long retryAfterSeconds() {
		return Math.max(1, (this.retryAfter.toMillis() + 999) / 1000);
	}

}
