package dev.slipway.security;

import org.springframework.security.authentication.LockedException;

/**
 * Sign-in refused without checking the password: the account failed too often and is
 * throttled or locked for a while.
 */
public class LoginThrottledException extends LockedException {

	private final long retryAfterSeconds;

	public LoginThrottledException(String message, long retryAfterSeconds) {
		super(message);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	/** Seconds until the next attempt is considered. */
	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
