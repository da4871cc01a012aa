package dev.slipway.security.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.SecurityErrors;
import dev.slipway.security.Authenticator;
import dev.slipway.security.SlipwayAuthentication;
import dev.slipway.security.SlipwayPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates each API request from its {@code Authorization} header: {@code Bearer}
 * with an API token ({@code MLFLOW_TRACKING_TOKEN}), or {@code Basic} with a user name
 * and password ({@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD}) or a
 * token as the password. Bad credentials end the request with 401 at once; no header
 * leaves the request anonymous for the authorization rules to refuse.
 */
class ApiAuthenticationFilter extends OncePerRequestFilter {

	/** What a caller with a one-time password may still do over the API. */
	static final String CHANGE_PASSWORD_PATH = "/api/v1/users/me/password";

	private final Authenticator authenticator;

	private final ApiEntryPoint entryPoint;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	ApiAuthenticationFilter(Authenticator authenticator, ApiEntryPoint entryPoint) {
		this.authenticator = authenticator;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.isBlank()) {
			chain.doFilter(request, response);
			return;
		}
		SlipwayPrincipal principal;
		try {
			principal = authenticate(header.trim(), request.getRemoteAddr());
		}
		catch (AuthenticationException ex) {
			this.contexts.clearContext();
			this.entryPoint.commence(request, response, ex);
			return;
		}
		if (principal.mustChangePassword() && !mayUseWithOneTimePassword(request)) {
			SecurityErrors.write(request, response, ErrorCode.PERMISSION_DENIED,
					"The account still has its one-time password: change it first (POST " + CHANGE_PASSWORD_PATH
							+ ", or sign in to the web UI)");
			return;
		}
		if (principal.isInvokeOnly() && !isPredictionRoute(request)) {
			SecurityErrors.write(request, response, ErrorCode.PERMISSION_DENIED,
					"An invoke-only token may call its deployment's prediction routes (/serve/..., /v2/...) and nothing else");
			return;
		}
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(new SlipwayAuthentication(principal));
		this.contexts.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.contexts.clearContext();
		}
	}

	private SlipwayPrincipal authenticate(String header, String client) {
		int space = header.indexOf(' ');
		String scheme = (space < 0) ? header : header.substring(0, space);
		String value = (space < 0) ? "" : header.substring(space + 1).trim();
		if (scheme.equalsIgnoreCase("Bearer")) {
			return this.authenticator.token(value, client);
		}
		if (scheme.equalsIgnoreCase("Basic")) {
			String decoded;
			try {
				decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				throw new BadCredentialsException("The Basic credentials are not valid base64");
			}
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				throw new BadCredentialsException("The Basic credentials have no ':' between user and password");
			}
			return this.authenticator.password(decoded.substring(0, colon), decoded.substring(colon + 1), client,
					"basic");
		}
		throw new BadCredentialsException("Unsupported authorization scheme; use Bearer or Basic");
	}

	/**
	 * The routes an invoke-only token may reach; serving then checks that the deployment
	 * is the token's own.
	 */
	static boolean isPredictionRoute(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.startsWith("/serve/") || path.equals("/v2") || path.startsWith("/v2/");
	}

	private static boolean mayUseWithOneTimePassword(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals(CHANGE_PASSWORD_PATH) || path.equals("/api/v1/users/me");
	}

}
