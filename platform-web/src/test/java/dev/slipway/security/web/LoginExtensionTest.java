package dev.slipway.security.web;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.PageSession;
import dev.slipway.web.PageSession.Page;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link WebLoginExtension}, such as single sign-on, adds its button to the sign-in
 * page and its configuration to the browser filter chain.
 */
@SpringBootTest(classes = { SlipwayApplication.class, LoginExtensionTest.FakeSingleSignOn.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "slipway.security.admin-password=" + WebSecurityTest.ADMIN_PASSWORD)
class LoginExtensionTest {

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "web-login-extension");
	}

	@LocalServerPort
	int port;

	@Test
	void theSignInPageOffersTheExtensionsButton() {
		Page login = new PageSession(this.port).get("/login");
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.body()).contains("href=\"/sso/start\"", "Sign in with Example SSO");
	}

	@Test
	void theExtensionConfiguresTheBrowserChain() {
		Page start = new PageSession(this.port).get("/sso/start");
		assertThat(start.status()).isEqualTo(200);
		assertThat(start.header("X-Fake-Sso")).isEqualTo("configured");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FakeSingleSignOn {

		@Bean
		WebLoginExtension fakeSingleSignOn() {
			return new WebLoginExtension() {

				@Override
				public void configure(HttpSecurity http) {
					http.addFilterBefore((request, response, chain) -> {
						var servlet = (jakarta.servlet.http.HttpServletRequest) request;
						if (servlet.getRequestURI().equals("/sso/start")) {
							var answer = (jakarta.servlet.http.HttpServletResponse) response;
							answer.setHeader("X-Fake-Sso", "configured");
							answer.setStatus(200);
							return;
						}
						chain.doFilter(request, response);
					}, org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter.class);
				}

				@Override
				public String buttonLabel() {
					return "Sign in with Example SSO";
				}

				@Override
				public String loginUrl() {
					return "/sso/start";
				}

			};
		}

	}

}
