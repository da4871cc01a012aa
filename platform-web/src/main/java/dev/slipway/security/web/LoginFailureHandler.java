package dev.slipway.security.web;

import java.io.IOException;

import dev.slipway.security.LoginThrottledException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Sends a failed sign-in back to the form with a message that tells nothing about the
 * account: the same for unknown names and wrong passwords, and, once the sign-in throttle
 * refuses attempts, the same wait for both.
 */
class LoginFailureHandler implements AuthenticationFailureHandler {

	/** Session attribute holding the message of the last failed sign-in. */
	static final String MESSAGE = LoginFailureHandler.class.getName() + ".MESSAGE";

	static final String INVALID = "Invalid user name or password";

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		request.getSession().setAttribute(MESSAGE, message(exception));
		response.sendRedirect(request.getContextPath() + "/login?error");
	}

	static String message(AuthenticationException exception) {
		if (exception instanceof LoginThrottledException throttled) {
			long seconds = throttled.retryAfterSeconds();
			return throttled.getMessage() + "; try again in " + seconds + ((seconds == 1) ? " second" : " seconds");
		}
		return INVALID;
	}

}
