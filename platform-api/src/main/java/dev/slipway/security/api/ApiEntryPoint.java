package dev.slipway.security.api;

import java.io.IOException;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.SecurityErrors;
import dev.slipway.security.LoginThrottledException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The API's 401 and 403: UNAUTHENTICATED and PERMISSION_DENIED, in MLflow's shape on
 * MLflow routes and as Problem Details elsewhere. Only a Bearer challenge is sent, so a
 * browser never prompts for (and then silently resends) Basic credentials.
 */
class ApiEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		response.setHeader("WWW-Authenticate", "Bearer realm=\"slipway\"");
		String message;
		if (ex instanceof LoginThrottledException throttled) {
			response.setHeader("Retry-After", String.valueOf(throttled.retryAfterSeconds()));
			message = throttled.getMessage();
		}
		else if (ex instanceof BadCredentialsException || ex instanceof CredentialsExpiredException
				|| ex instanceof DisabledException) {
			message = ex.getMessage();
		}
		else {
			message = "Authentication required: send an API token (Authorization: Bearer, MLFLOW_TRACKING_TOKEN) "
					+ "or a user name and password (HTTP Basic, MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD)";
		}
		SecurityErrors.write(request, response, ErrorCode.UNAUTHENTICATED, message);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		SecurityErrors.write(request, response, ErrorCode.PERMISSION_DENIED, SecurityErrors.deniedMessage());
	}

}
