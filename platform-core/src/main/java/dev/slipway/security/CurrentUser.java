package dev.slipway.security;

import java.util.Optional;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the current request, as services see it. */
public final class CurrentUser {

	private CurrentUser() {
	}

	/** The caller, if the request is authenticated. */
	public static Optional<SlipwayPrincipal> find() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.isAuthenticated()
				&& authentication.getPrincipal() instanceof SlipwayPrincipal principal) {
			return Optional.of(principal);
		}
		return Optional.empty();
	}

	/**
	 * The caller.
	 * @throws SlipwayException UNAUTHENTICATED outside an authenticated request
	 */
	public static SlipwayPrincipal require() {
		return find().orElseThrow(() -> new SlipwayException(ErrorCode.UNAUTHENTICATED, "Sign in first"));
	}

}
