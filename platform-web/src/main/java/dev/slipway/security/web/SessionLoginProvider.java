package dev.slipway.security.web;

import dev.slipway.security.Authenticator;
import dev.slipway.security.SlipwayAuthentication;
import dev.slipway.security.SlipwayPrincipal;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks the sign-in form through {@link Authenticator}, which counts failures and locks
 * accounts; a success becomes a {@link SlipwayAuthentication} of method {@code session}.
 */
class SessionLoginProvider implements AuthenticationProvider {

	private final Authenticator authenticator;

	SessionLoginProvider(Authenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String client = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
		Object password = authentication.getCredentials();
		SlipwayPrincipal principal = this.authenticator.password(authentication.getName(),
				(password != null) ? password.toString() : null, client, "session");
		if (!"session".equals(principal.method())) {
			// An API token typed as the password: tokens are for clients, not browser
			// sessions.
			throw new BadCredentialsException("Bad credentials");
		}
		return new SlipwayAuthentication(principal);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
