package dev.slipway.security.web;

import java.io.IOException;

import dev.slipway.security.SlipwayAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a session that signed in with a one-time password on the change-password page:
 * until a new password is chosen, every other page redirects there.
 */
class PasswordChangeGate extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = WebPaths.path(request);
		return WebPaths.isStaticResource(request) || path.equals(WebPaths.PASSWORD_PAGE) || path.equals("/logout")
				|| path.equals("/error");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (SecurityContextHolder.getContext().getAuthentication() instanceof SlipwayAuthentication authentication
				&& authentication.getPrincipal().mustChangePassword()) {
			response.sendRedirect(request.getContextPath() + WebPaths.PASSWORD_PAGE);
			return;
		}
		chain.doFilter(request, response);
	}

}
