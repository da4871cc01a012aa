package dev.slipway.security.web;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.slipway.security.Role;
import dev.slipway.security.SecurityEvents;
import dev.slipway.security.SecuritySettings;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.security.UserService;
import dev.slipway.system.InvalidSettingException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Single sign-on through an OpenID Connect provider, added to the browser filter chain
 * when {@code SLIPWAY_OIDC_ISSUER_URI} is set. The provider proves who the person is;
 * Slipway keeps its own account for them ({@link UserService#provisionOidc}) and, once
 * signed in, a {@link SlipwayAuthentication} like any other session.
 */
@Component
@Conditional(OidcLogin.Enabled.class)
class OidcLogin implements WebLoginExtension {

	/** The registration id, and so the last segment of the redirect URI. */
	static final String REGISTRATION_ID = "oidc";

	/** Where a failed single sign-on lands; the login page explains it. */
	static final String FAILURE_URL = "/login?error=sso";

	private final String buttonLabel;

	/** Longest wait for a connection to the OpenID provider. */
	static final Duration PROVIDER_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Longest wait for the provider's answer. */
	static final Duration PROVIDER_READ_TIMEOUT = Duration.ofSeconds(10);

	private final InMemoryClientRegistrationRepository registrations;

	private final AuthenticationManager authentication;

	private final SessionContext sessions;

	private final SavedRequestAwareAuthenticationSuccessHandler afterSignIn = new SavedRequestAwareAuthenticationSuccessHandler();

	/**
	 * Reads the provider's discovery document.
	 * @throws InvalidSettingException naming the environment variable to fix when a
	 * setting is missing or the provider cannot be reached
	 */
	OidcLogin(SecuritySettings settings, UserService users, SessionContext sessions) {
		SecuritySettings.Oidc oidc = settings.oidc();
		Map<String, Role> roles = oidc.roles();
		if (roles.isEmpty() && oidc.defaultRole() == null) {
			throw new InvalidSettingException("SLIPWAY_OIDC_ROLE_MAPPING",
					"is empty and SLIPWAY_OIDC_DEFAULT_ROLE is not set, so nobody could sign in;"
							+ " map at least one group to a role");
		}
		ClientRegistration registration = registration(oidc);
		this.buttonLabel = oidc.buttonLabel();
		this.registrations = new InMemoryClientRegistrationRepository(registration);
		OidcAccounts accounts = new OidcAccounts(users, registration.getProviderDetails().getIssuerUri(),
				oidc.usernameClaim(), oidc.rolesClaim(), roles, oidc.defaultRole());
		this.authentication = new ProviderManager(
				new OidcAuthorizationCodeAuthenticationProvider(tokenClient(), accounts));
		this.sessions = sessions;
	}

	/**
	 * The client of the provider's token endpoint, as Spring Security builds it but with
	 * timeouts: a provider that hangs fails the sign-in in seconds instead of holding a
	 * request thread.
	 */
	static RestClientAuthorizationCodeTokenResponseClient tokenClient() {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(PROVIDER_CONNECT_TIMEOUT);
		requests.setReadTimeout(PROVIDER_READ_TIMEOUT);
		RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
		client.setRestClient(RestClient.builder().requestFactory(requests).messageConverters((converters) -> {
			converters.clear();
			converters.add(new FormHttpMessageConverter());
			converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
		}).defaultStatusHandler(new OAuth2ErrorResponseErrorHandler()).build());
		return client;
	}

	@Override
	public void configure(HttpSecurity http) throws Exception {
		http.oauth2Login((login) -> login.loginPage("/login")
			.clientRegistrationRepository(this.registrations)
			.authorizedClientRepository(new NoAuthorizedClients())
			.successHandler(this::signedIn)
			.failureHandler(this::refused)
			.withObjectPostProcessor(new ObjectPostProcessor<OAuth2LoginAuthenticationFilter>() {

				// The chain's own authentication manager knows only passwords, so the
				// callback gets one that knows the provider's authorization codes.
				@Override
				public <O extends OAuth2LoginAuthenticationFilter> O postProcess(O filter) {
					filter.setAuthenticationManager(OidcLogin.this.authentication);
					return filter;
				}

			}));
	}

	@Override
	public String buttonLabel() {
		return this.buttonLabel;
	}

	@Override
	public String loginUrl() {
		return "/oauth2/authorization/" + REGISTRATION_ID;
	}

	/**
	 * Swaps the provider's authentication for Slipway's own, so the session holds the
	 * same shape whichever way the person signed in.
	 */
	private void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException, ServletException {
		SlipwayPrincipal principal = ((OidcAccounts.SignedIn) authentication.getPrincipal()).principal();
		this.sessions.adopt(principal, request, response);
		SecurityEvents.log("login.success",
				"user=" + principal.username() + " client=" + request.getRemoteAddr() + " source=OIDC");
		this.afterSignIn.onAuthenticationSuccess(request, response,
				SecurityContextHolder.getContext().getAuthentication());
	}

	/**
	 * Sends the person back to the login page with a message safe to show: Slipway's own
	 * refusals as they are, anything else (a provider error, a bad token) as a generic
	 * line, with the detail in the log only.
	 */
	private void refused(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		String message;
		if (failure instanceof OAuth2AuthenticationException oauth
				&& OidcAccounts.REFUSED.equals(oauth.getError().getErrorCode())) {
			message = oauth.getError().getDescription();
		}
		else {
			String reason = (failure instanceof OAuth2AuthenticationException oauth) ? oauth.getError().getErrorCode()
					: failure.getClass().getSimpleName();
			SecurityEvents.warn("login.failure", "client=" + request.getRemoteAddr() + " source=OIDC reason=" + reason
					+ " detail=" + firstLine(failure.getMessage()));
			message = "Single sign-on failed; try again, or ask an admin to check Slipway's log";
		}
		request.getSession().setAttribute(LoginFailureHandler.MESSAGE, message);
		response.sendRedirect(request.getContextPath() + FAILURE_URL);
	}

	private static ClientRegistration registration(SecuritySettings.Oidc oidc) {
		if (!StringUtils.hasText(oidc.clientId())) {
			throw new InvalidSettingException("SLIPWAY_OIDC_CLIENT_ID",
					"is required when SLIPWAY_OIDC_ISSUER_URI is set; use the client id registered at the provider");
		}
		Set<String> scopes = new LinkedHashSet<>();
		for (String scope : oidc.scopes()) {
			for (String one : scope.trim().split("[\\s,]+")) {
				if (!one.isEmpty()) {
					scopes.add(one);
				}
			}
		}
		if (!scopes.contains("openid")) {
			throw new InvalidSettingException("SLIPWAY_OIDC_SCOPES", "must include openid, e.g. openid,profile,email");
		}
		String issuer = oidc.issuerUri().trim();
		ClientRegistration.Builder builder;
		try {
			builder = ClientRegistrations.fromIssuerLocation(issuer);
		}
		catch (RuntimeException ex) {
			throw new InvalidSettingException("SLIPWAY_OIDC_ISSUER_URI",
					"could not read the OpenID Connect discovery document of '" + issuer + "' (" + rootMessage(ex)
							+ ")",
					ex);
		}
		builder.registrationId(REGISTRATION_ID)
			.clientId(oidc.clientId().trim())
			.scope(scopes)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}");
		if (StringUtils.hasText(oidc.clientSecret())) {
			builder.clientSecret(oidc.clientSecret());
		}
		else {
			// A public client: no secret, so the authorization code is protected by PKCE.
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		return builder.build();
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return firstLine((root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName());
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "no reason given";
		}
		int newline = message.indexOf('\n');
		return (newline < 0) ? message : message.substring(0, newline);
	}

	/**
	 * Keeps no provider tokens: Slipway calls nothing on the person's behalf, so the
	 * access token is dropped once the sign-in is done.
	 */
	private static final class NoAuthorizedClients implements OAuth2AuthorizedClientRepository {

		@Override
		public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId,
				Authentication principal, HttpServletRequest request) {
			return null;
		}

		@Override
		public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal,
				HttpServletRequest request, HttpServletResponse response) {
		}

		@Override
		public void removeAuthorizedClient(String clientRegistrationId, Authentication principal,
				HttpServletRequest request, HttpServletResponse response) {
		}

	}

	/**
	 * On when {@code slipway.security.oidc.issuer-uri} has a value (not just set empty).
	 */
	static final class Enabled implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return StringUtils.hasText(context.getEnvironment().getProperty("slipway.security.oidc.issuer-uri"));
		}

	}

}
