package dev.slipway.security;

import org.springframework.security.authentication.LockedException;

/**
 * Sign-in refused without checking the password: the user name failed too often from the
 * client's address, or the address failed too often whatever the names, and must wait or
 * is locked for a while ({@link SignInThrottle}). Existing and unknown names are refused
 * alike.
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
