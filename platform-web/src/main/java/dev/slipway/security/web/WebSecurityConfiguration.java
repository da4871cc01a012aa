package dev.slipway.security.web;

import java.util.Set;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.SecurityErrors;
import dev.slipway.security.Authenticator;
import dev.slipway.security.Role;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Security of the browser pages: everything the API filter chain does not match. Form
 * sign-in with a server-side session, CSRF tokens on every form, strict security headers,
 * and two filters that keep a session honest: it ends when the account changes, and a
 * one-time password allows nothing but choosing a new one.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

	/** Pages and files anyone may fetch, signed in or not. */
	static final String[] STATIC_RESOURCES = { "/css/**", "/js/**", "/images/**", "/webjars/**", "/favicon.ico" };

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	@Bean
	@Order(2)
	SecurityFilterChain webFilterChain(HttpSecurity http, Authenticator authenticator, SessionContext sessions,
			ObjectProvider<WebLoginExtension> extensions,
			@Value("${server.servlet.session.cookie.name:SLIPWAY_SESSION}") String sessionCookie) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers(STATIC_RESOURCES)
			.permitAll()
			.requestMatchers("/login", "/error")
			.permitAll()
			.requestMatchers("/admin/**")
			.hasRole(Role.ADMIN.name())
			.anyRequest()
			.authenticated());
		http.authenticationManager(new ProviderManager(new SessionLoginProvider(authenticator)));
		http.securityContext((context) -> context.securityContextRepository(sessions.repository()));
		http.formLogin((form) -> form.loginPage("/login")
			.failureHandler(new LoginFailureHandler())
			.defaultSuccessUrl("/", false)
			.permitAll());
		http.logout((logout) -> logout
			.logoutRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/logout"))
			.invalidateHttpSession(true)
			.clearAuthentication(true)
			.deleteCookies(sessionCookie)
			.logoutSuccessUrl("/login?logout"));
		http.sessionManagement((session) -> session.sessionFixation((fixation) -> fixation.changeSessionId()));
		http.csrf((csrf) -> {
			// Spring's default: a per-session token, required on every state-changing
			// request.
		});
		http.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.frameOptions((frame) -> frame.deny())
			.contentTypeOptions((nosniff) -> {
			})
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
			.httpStrictTransportSecurity((hsts) -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
		http.exceptionHandling((exceptions) -> exceptions
			.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browsers())
			.defaultAuthenticationEntryPointFor((request, response, ex) -> SecurityErrors.write(request, response,
					ErrorCode.UNAUTHENTICATED, "Sign in first"), AnyRequestMatcher.INSTANCE));
		http.addFilterBefore(new SessionRefreshFilter(authenticator, sessions), AuthorizationFilter.class);
		http.addFilterAfter(new PasswordChangeGate(), SessionRefreshFilter.class);
		WebLoginExtension extension = extensions.getIfAvailable();
		if (extension != null) {
			extension.configure(http);
		}
		return http.build();
	}

	/** Requests from a browser, which should see the sign-in page rather than a 401. */
	private static MediaTypeRequestMatcher browsers() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

}
