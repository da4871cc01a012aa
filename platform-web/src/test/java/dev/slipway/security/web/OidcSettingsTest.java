package dev.slipway.security.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import dev.slipway.security.Permission;
import dev.slipway.security.Role;
import dev.slipway.security.SecuritySettings;
import dev.slipway.system.InvalidSettingException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Single sign-on settings: on only when an issuer is set, and wrong ones stop start-up.
 */
class OidcSettingsTest {

	static final TestOidcIssuer issuer = TestOidcIssuer.start();

	@AfterAll
	static void stopIssuer() {
		issuer.close();
	}

	@Test
	void isOnOnlyWhenTheIssuerHasAValue() {
		ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Probe.class);
		runner.run((context) -> assertThat(context).doesNotHaveBean(Probe.class));
		runner.withPropertyValues("slipway.security.oidc.issuer-uri=")
			.run((context) -> assertThat(context).doesNotHaveBean(Probe.class));
		runner.withPropertyValues("slipway.security.oidc.issuer-uri=https://sso.example.com")
			.run((context) -> assertThat(context).hasSingleBean(Probe.class));
	}

	@Test
	void readsTheProvidersDiscoveryDocument() {
		OidcLogin login = new OidcLogin(settings(issuer.uri(), "slipway", "Sign in with Dex", "ml-eng=EDITOR", null,
				List.of("openid profile", "email")), null, null);

		assertThat(login.loginUrl()).isEqualTo("/oauth2/authorization/oidc");
		assertThat(login.buttonLabel()).isEqualTo("Sign in with Dex");
	}

	@Test
	void anUnreachableIssuerNamesTheIssuerSetting() throws IOException {
		String nobody;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			nobody = "http://127.0.0.1:" + socket.getLocalPort();
		}
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new OidcLogin(settings(nobody, "slipway", null, "ml-eng=EDITOR", null, null), null, null))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("SLIPWAY_OIDC_ISSUER_URI"))
			.withMessageStartingWith(
					"SLIPWAY_OIDC_ISSUER_URI: could not read the OpenID Connect discovery document of '" + nobody
							+ "' (")
			.withMessageNotContaining("\n");
	}

	@Test
	void aMissingClientIdNamesTheClientIdSetting() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new OidcLogin(settings(issuer.uri(), " ", null, "ml-eng=EDITOR", null, null), null, null))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("SLIPWAY_OIDC_CLIENT_ID"));
	}

	@Test
	void scopesMustIncludeOpenid() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new OidcLogin(
					settings(issuer.uri(), "slipway", null, "ml-eng=EDITOR", null, List.of("profile", "email")), null,
					null))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("SLIPWAY_OIDC_SCOPES"));
	}

	@Test
	void withNeitherMappingNorDefaultRoleNobodyCouldSignIn() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new OidcLogin(settings(issuer.uri(), "slipway", null, " ", null, null), null, null))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("SLIPWAY_OIDC_ROLE_MAPPING"));
		assertThat(
				new OidcLogin(settings(issuer.uri(), "slipway", null, null, Role.VIEWER, null), null, null).loginUrl())
			.isEqualTo("/oauth2/authorization/oidc");
	}

	@Test
	void aBadMappingNamesTheMappingSetting() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(
					() -> new OidcLogin(settings(issuer.uri(), "slipway", null, "ml-eng=BOSS", null, null), null, null))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("SLIPWAY_OIDC_ROLE_MAPPING"));
	}

	private static SecuritySettings settings(String issuerUri, String clientId, String buttonLabel, String mapping,
			Role defaultRole, List<String> scopes) {
		SecuritySettings.Oidc oidc = new SecuritySettings.Oidc(issuerUri, clientId, TestOidcIssuer.CLIENT_SECRET,
				(scopes != null) ? scopes : List.of("openid", "profile", "email"), "preferred_username", "groups",
				mapping, defaultRole, (buttonLabel != null) ? buttonLabel : "Sign in with single sign-on");
		return new SecuritySettings("admin", null, false, Permission.READ, false,
				new SecuritySettings.Login(3, 10, Duration.ofMinutes(15), 20, 100),
				new SecuritySettings.Tokens(null, 50, java.time.Duration.ofMillis(500)), oidc);
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OidcLogin.Enabled.class)
	static class Probe {

	}

}
