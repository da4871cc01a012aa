package dev.slipway.security.web;

import dev.slipway.security.SlipwayAuthentication;
import dev.slipway.security.SlipwayPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Where a browser session keeps its caller: the HTTP session, as Spring's form sign-in
 * does. The pages use it to swap the caller of a living session for a fresher one.
 */
@Component
class SessionContext {

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	private final SecurityContextRepository repository = new DelegatingSecurityContextRepository(
			new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());

	SecurityContextRepository repository() {
		return this.repository;
	}

	/** Makes {@code principal} the caller of this request and of the session. */
	void adopt(SlipwayPrincipal principal, HttpServletRequest request, HttpServletResponse response) {
		SecurityContext context = this.holder.createEmptyContext();
		context.setAuthentication(new SlipwayAuthentication(principal));
		this.holder.setContext(context);
		this.repository.saveContext(context, request, response);
	}

	/** Ends the session and forgets its caller. */
	void end(HttpServletRequest request, HttpServletResponse response) {
		this.holder.clearContext();
		var session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		this.repository.saveContext(this.holder.createEmptyContext(), request, response);
	}

}
