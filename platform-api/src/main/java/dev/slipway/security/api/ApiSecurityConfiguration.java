package dev.slipway.security.api;

import dev.slipway.security.Authenticator;
import dev.slipway.security.SecuritySettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The security of every machine-facing route: the MLflow API, the native API, the
 * actuator. Stateless (no session, so no cookie and no CSRF exposure): each request
 * carries a token or Basic credentials. Only health answers without them, and
 * {@code /actuator/prometheus} when {@code SLIPWAY_PUBLIC_METRICS=true}. What an
 * authenticated caller may do is decided by method security on the services.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class ApiSecurityConfiguration {

	/** The paths this chain owns; the browser chain (platform-web) owns the rest. */
	static final String[] API_PATHS = { "/api/**", "/ajax-api/**", "/actuator/**", "/health", "/version", "/serve/**",
			"/v2", "/v2/**" };

	/**
	 * No Spring Security observations: they wrap every filter of every request in an
	 * observation, a large share of a prediction's cost (measured in
	 * {@code docs/benchmarks.md}, "Serving"), for timings nobody reads. The requests
	 * themselves are still timed ({@code http_server_requests}).
	 */
	@Bean
	static SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, Authenticator authenticator, SecuritySettings settings) {
		ApiEntryPoint entryPoint = new ApiEntryPoint();
		http.securityMatcher(API_PATHS)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable())
			.addFilterBefore(new ApiAuthenticationFilter(authenticator, entryPoint),
					AnonymousAuthenticationFilter.class)
			.exceptionHandling((errors) -> errors.authenticationEntryPoint(entryPoint).accessDeniedHandler(entryPoint))
			.authorizeHttpRequests((requests) -> {
				requests.requestMatchers("/actuator/health", "/actuator/health/**", "/health").permitAll();
				// The inference protocol's probes, for load balancers and Kubernetes.
				requests.requestMatchers("/v2/health/live", "/v2/health/ready").permitAll();
				if (settings.publicMetrics()) {
					requests.requestMatchers("/actuator/prometheus").permitAll();
				}
				requests.anyRequest().authenticated();
			});
		return http.build();
	}

}
