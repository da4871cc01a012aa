package dev.slipway.security.web;

import dev.slipway.security.Authenticator;
import dev.slipway.security.api.ApiCredentials;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Security of the native API's OpenAPI description ({@code springdoc.api-docs.path}: the
 * JSON, the YAML and Swagger UI's configuration). Only signed-in callers read it, in
 * either of two ways: with a token or a password, as the API is called, or with the
 * browser session of someone signed in to the pages, which is how Swagger UI fetches it.
 * A browser session is checked as on the pages: it ends when the account changes, and a
 * one-time password must be changed first. Swagger UI's own page and files are pages like
 * any other, guarded by the browser chain.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescriptionSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain apiDescriptionFilterChain(HttpSecurity http, Authenticator authenticator,
			SessionContext sessions, @Value("${springdoc.api-docs.path}") String path) throws Exception {
		http.securityMatcher(path, path + ".yaml", path + "/**")
			.securityContext(
					(context) -> context.securityContextRepository(new ReadOnlySessions(sessions.repository())))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable())
			.addFilterBefore(new SessionRefreshFilter(authenticator, sessions), AuthorizationFilter.class)
			.addFilterAfter(new PasswordChangeGate(), SessionRefreshFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		ApiCredentials.accept(http, authenticator);
		return http.build();
	}

}
