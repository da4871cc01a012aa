package dev.slipway.security.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.slipway.security.CurrentUser;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.testsupport.TestFolders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on end to end: a browser (a cookie-keeping HTTP client) goes from Slipway
 * to a local OpenID Connect provider and back, and ends up signed in with the role its
 * groups map to.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OidcLoginTest {

	static final TestOidcIssuer issuer = TestOidcIssuer.start();

	@DynamicPropertySource
	static void singleSignOn(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "oidc");
		registry.add("slipway.security.admin-password", () -> "Local-admin-password-1");
		registry.add("slipway.security.oidc.issuer-uri", issuer::uri);
		registry.add("slipway.security.oidc.client-id", () -> TestOidcIssuer.CLIENT_ID);
		registry.add("slipway.security.oidc.client-secret", () -> TestOidcIssuer.CLIENT_SECRET);
		registry.add("slipway.security.oidc.role-mapping", () -> "ml-admins=ADMIN,ml-eng=MAINTAINER,ml-readers=VIEWER");
	}

	@AfterAll
	static void stopIssuer() {
		issuer.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void firstSignInCreatesTheAccountWithTheMappedRole() throws Exception {
		issuer.signInNextAs("sub-ada", Map.of("preferred_username", "Ada", "name", "Ada Lovelace", "email",
				"ada@example.com", "groups", List.of("staff", "ml-eng", "ml-readers")));
		PageSession browser = new PageSession();

		HttpResponse<String> landed = browser.signIn();

		assertThat(landed.statusCode()).isEqualTo(302);
		assertThat(browser.redirect(landed)).isEqualTo("/");
		HttpResponse<String> home = browser.get("/");
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(browser.get("/test/whoami").body()).isEqualTo("SlipwayAuthentication ada MAINTAINER oidc");
		assertThat(account("ada"))
			.contains(new Account("MAINTAINER", "OIDC", issuer.uri() + "|sub-ada", "Ada Lovelace", "ada@example.com"));
	}

	@Test
	void signInResumesThePageThePersonAskedFor() throws Exception {
		issuer.signInNextAs("sub-linus", Map.of("preferred_username", "linus", "groups", List.of("ml-readers")));
		PageSession browser = new PageSession();
		HttpResponse<String> asked = browser.get("/test/whoami");
		assertThat(asked.statusCode()).isEqualTo(302);
		assertThat(browser.redirect(asked)).isEqualTo("/login");

		HttpResponse<String> landed = browser.signIn();

		assertThat(browser.redirect(landed)).startsWith("/test/whoami");
		assertThat(browser.get("/test/whoami").body()).isEqualTo("SlipwayAuthentication linus VIEWER oidc");
	}

	@Test
	void everySignInAppliesTheCurrentGroups() throws Exception {
		issuer.signInNextAs("sub-grace", Map.of("preferred_username", "grace", "groups", List.of("ml-eng")));
		new PageSession().signIn();
		assertThat(account("grace")).map(Account::role).contains("MAINTAINER");

		// A space-separated string, as some providers send groups.
		issuer.signInNextAs("sub-grace", Map.of("preferred_username", "grace", "groups", "ml-eng ml-admins"));
		PageSession browser = new PageSession();
		browser.signIn();

		assertThat(account("grace")).map(Account::role).contains("ADMIN");
		assertThat(browser.get("/test/whoami").body()).isEqualTo("SlipwayAuthentication grace ADMIN oidc");
	}

	@Test
	void aPersonWhoseGroupsMapToNoRoleIsRefused() throws Exception {
		issuer.signInNextAs("sub-mallory", Map.of("preferred_username", "mallory", "groups", List.of("marketing")));
		PageSession browser = new PageSession();

		HttpResponse<String> landed = browser.signIn();

		assertThat(landed.statusCode()).isEqualTo(302);
		assertThat(browser.redirect(landed)).isEqualTo("/login?error=sso");
		assertThat(browser.get("/login?error=sso").body()).contains(OidcAccounts.NO_ROLE);
		assertThat(account("mallory")).isEmpty();
		assertThat(browser.get("/test/whoami").statusCode()).isEqualTo(302);
	}

	@Test
	void aLocalAccountsNameIsNotTakenOver() throws Exception {
		issuer.signInNextAs("sub-impostor", Map.of("preferred_username", "admin", "groups", List.of("ml-admins")));
		PageSession browser = new PageSession();

		HttpResponse<String> landed = browser.signIn();

		assertThat(browser.redirect(landed)).isEqualTo("/login?error=sso");
		assertThat(browser.get("/login?error=sso").body()).contains("A local account named admin exists");
		assertThat(account("admin")).map(Account::source).contains("LOCAL");
		assertThat(browser.get("/test/whoami").statusCode()).isEqualTo(302);
	}

	@Test
	void aProviderErrorIsShownAsAGenericFailure() throws Exception {
		issuer.signInNextAs("sub-bob", Map.of("preferred_username", "bob", "groups", List.of("ml-eng")));
		issuer.refuseNextTokenRequest();
		PageSession browser = new PageSession();

		HttpResponse<String> landed = browser.signIn();

		assertThat(browser.redirect(landed)).isEqualTo("/login?error=sso");
		assertThat(browser.get("/login?error=sso").body()).contains("Single sign-on failed")
			.doesNotContain("invalid_grant", "Exception");
		assertThat(account("bob")).isEmpty();
	}

	private Optional<Account> account(String username) {
		return this.jdbc
			.sql("SELECT role, auth_source, external_subject, display_name, email FROM users WHERE username = ?")
			.param(username)
			.query((rs, row) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.optional();
	}

	record Account(String role, String source, String subject, String displayName, String email) {
	}

	/** Says who the session belongs to, and as which kind of authentication. */
	@TestConfiguration(proxyBeanMethods = false)
	static class WhoAmIConfiguration {

		@Bean
		WhoAmI whoAmI() {
			return new WhoAmI();
		}

	}

	@RestController
	static class WhoAmI {

		@GetMapping("/test/whoami")
		String whoAmI() {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			SlipwayPrincipal principal = CurrentUser.require();
			return authentication.getClass().getSimpleName() + " " + principal.username() + " " + principal.role() + " "
					+ principal.method();
		}

	}

	/** A browser: keeps cookies, follows no redirect by itself. */
	final class PageSession {

		private final HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		HttpResponse<String> get(String path) throws IOException, InterruptedException {
			return send(URI.create("http://localhost:" + OidcLoginTest.this.port + path));
		}

		/**
		 * Clicks the single sign-on button and follows the redirects through the provider
		 * and back.
		 * @return Slipway's answer to the provider's redirect back
		 */
		HttpResponse<String> signIn() throws IOException, InterruptedException {
			HttpResponse<String> toProvider = get("/oauth2/authorization/oidc");
			assertThat(toProvider.statusCode()).isEqualTo(302);
			URI authorize = URI.create(toProvider.headers().firstValue("Location").orElseThrow());
			assertThat(authorize.toString()).startsWith(issuer.uri() + "/authorize");
			HttpResponse<String> back = send(authorize);
			assertThat(back.statusCode()).isEqualTo(302);
			URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
			assertThat(callback.getPath()).isEqualTo("/login/oauth2/code/oidc");
			return send(callback);
		}

		/** Where a redirect points, as a path and query on Slipway. */
		String redirect(HttpResponse<String> response) {
			URI location = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
			assertThat(location.getPort()).isEqualTo(OidcLoginTest.this.port);
			return location.getRawPath() + ((location.getRawQuery() != null) ? "?" + location.getRawQuery() : "");
		}

		private HttpResponse<String> send(URI uri) throws IOException, InterruptedException {
			HttpRequest request = HttpRequest.newBuilder(uri)
				.header("Accept", "text/html")
				.timeout(Duration.ofSeconds(10))
				.GET()
				.build();
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}

	}

}
