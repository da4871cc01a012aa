package dev.slipway.security;

import java.util.Optional;
import java.util.function.Supplier;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
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

	/**
	 * Runs {@code work} as {@code principal} on this thread, then puts the previous
	 * caller back: for background work done on someone's behalf (a pipeline run acts as
	 * the account that started it), so every permission check applies as for that
	 * account.
	 */
	public static <T> T runAs(SlipwayPrincipal principal, Supplier<T> work) {
		SecurityContext previous = SecurityContextHolder.getContext();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new SlipwayAuthentication(principal));
		SecurityContextHolder.setContext(context);
		try {
			return work.get();
		}
		finally {
			SecurityContextHolder.setContext(previous);
		}
	}

}
