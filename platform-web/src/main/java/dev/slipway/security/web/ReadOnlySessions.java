package dev.slipway.security.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The browser sessions as a chain that also takes tokens must see them: readable, never
 * written. Whoever authenticates with a token or a password on such a chain must not end
 * up in a session, where the cookie would keep them signed in without the token.
 */
final class ReadOnlySessions implements SecurityContextRepository {

	private final SecurityContextRepository sessions;

	ReadOnlySessions(SecurityContextRepository sessions) {
		this.sessions = sessions;
	}

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		return this.sessions.loadDeferredContext(request);
	}

	@Override
	@Deprecated
	public SecurityContext loadContext(HttpRequestResponseHolder holder) {
		return this.sessions.loadDeferredContext(holder.getRequest()).get();
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		// Read-only: see the class comment.
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return this.sessions.containsContext(request);
	}

}
