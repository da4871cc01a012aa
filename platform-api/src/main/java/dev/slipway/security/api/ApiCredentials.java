package dev.slipway.security.api;

import dev.slipway.security.Authenticator;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Lets another filter chain accept what the API accepts: a token or a password in the
 * {@code Authorization} header, refused with the API's 401 and 403 answers. The chain
 * serving the API description uses it, so scripts read the description as they call the
 * API while Swagger UI reads it with the browser's session.
 */
public final class ApiCredentials {

	private ApiCredentials() {
	}

	/** Adds the header authentication and the API's refusals to {@code http}. */
	public static void accept(HttpSecurity http, Authenticator authenticator) {
		ApiEntryPoint entryPoint = new ApiEntryPoint();
		http.addFilterBefore(new ApiAuthenticationFilter(authenticator, entryPoint),
				AnonymousAuthenticationFilter.class)
			.exceptionHandling((errors) -> errors.authenticationEntryPoint(entryPoint).accessDeniedHandler(entryPoint));
	}

}
