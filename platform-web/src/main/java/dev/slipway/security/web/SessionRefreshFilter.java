package dev.slipway.security.web;

import java.io.IOException;
import java.util.Optional;

import dev.slipway.security.Authenticator;
import dev.slipway.security.SlipwayAuthentication;
import dev.slipway.security.SlipwayPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a session's account again on every page request, so a disabled account, a new
 * password or a changed role ends the session at once instead of when it times out, and
 * the rest of the request sees the account as it is now.
 */
class SessionRefreshFilter extends OncePerRequestFilter {

	private final Authenticator authenticator;

	private final SessionContext sessions;

	SessionRefreshFilter(Authenticator authenticator, SessionContext sessions) {
		this.authenticator = authenticator;
		this.sessions = sessions;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return WebPaths.isStaticResource(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof SlipwayAuthentication current && isSession(current.getPrincipal())) {
			Optional<SlipwayPrincipal> fresh = this.authenticator.refresh(current.getPrincipal());
			if (fresh.isEmpty()) {
				this.sessions.end(request, response);
				response.sendRedirect(request.getContextPath() + "/login?expired");
				return;
			}
			if (!fresh.get().equals(current.getPrincipal())) {
				this.sessions.adopt(fresh.get(), request, response);
			}
		}
		chain.doFilter(request, response);
	}

	private static boolean isSession(SlipwayPrincipal principal) {
		return "session".equals(principal.method()) || "oidc".equals(principal.method());
	}

}
