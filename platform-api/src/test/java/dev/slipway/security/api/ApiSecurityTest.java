package dev.slipway.security.api;

import dev.slipway.security.AccountKind;
import dev.slipway.security.AuthSource;
import dev.slipway.security.Authenticator;
import dev.slipway.security.LoginThrottledException;
import dev.slipway.security.PermissionService;
import dev.slipway.security.Role;
import dev.slipway.security.SecuritySettings;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.security.User;
import dev.slipway.security.UserService;
import dev.slipway.system.SystemService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;

/**
 * The API filter chain in a slice: what each kind of credential gets, and the shape of
 * the refusals (Problem Details on native routes, MLflow's JSON on MLflow routes).
 */
@WebMvcTest(controllers = UsersController.class)
@Import(ApiSecurityConfiguration.class)
@EnableConfigurationProperties(SecuritySettings.class)
class ApiSecurityTest {

	private static final String TOKEN = "slw_" + "a".repeat(43);

	private static final SlipwayPrincipal ALICE = new SlipwayPrincipal(7, "alice", Role.EDITOR, AccountKind.HUMAN,
			false, 0, "token");

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	Authenticator authenticator;

	@MockitoBean
	UserService users;

	@MockitoBean
	PermissionService permissions;

	@MockitoBean
	SystemService system;

	@Test
	void noCredentialsIsUnauthenticatedWithABearerChallenge() {
		MvcTestResult result = this.mvc.get().uri("/api/v1/users/me").exchange();
		assertThat(result).hasStatus(401).bodyJson().extractingPath("$.code").isEqualTo("UNAUTHENTICATED");
		assertThat(result.getResponse().getHeader("WWW-Authenticate")).startsWith("Bearer");
		assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
	}

	@Test
	void mlflowRoutesAnswerInMlflowsShape() {
		MvcTestResult result = this.mvc.post().uri("/api/2.0/mlflow/runs/create").exchange();
		assertThat(result).hasStatus(401).bodyJson().extractingPath("$.error_code").isEqualTo("UNAUTHENTICATED");
		given(this.authenticator.token(eq(TOKEN), anyString()))
			.willThrow(new BadCredentialsException("The token has been revoked"));
		MvcTestResult revoked = this.mvc.post()
			.uri("/ajax-api/2.0/mlflow/runs/create")
			.header("Authorization", "Bearer " + TOKEN)
			.exchange();
		assertThat(revoked).hasStatus(401)
			.bodyJson()
			.extractingPath("$.message")
			.isEqualTo("The token has been revoked");
	}

	@Test
	void aValidTokenReachesTheController() {
		given(this.authenticator.token(eq(TOKEN), anyString())).willReturn(ALICE);
		given(this.users.me()).willReturn(new User(7, "alice", null, null, AccountKind.HUMAN, Role.EDITOR,
				AuthSource.LOCAL, true, false, null, null, 0));
		MvcTestResult result = this.mvc.get()
			.uri("/api/v1/users/me")
			.header("Authorization", "Bearer " + TOKEN)
			.exchange();
		assertThat(result).hasStatusOk().bodyJson().extractingPath("$.username").isEqualTo("alice");
		assertThat(result.getResponse().getCookies()).as("stateless: no session cookie").isEmpty();
	}

	@Test
	void basicCredentialsGoThroughThePasswordCheck() {
		given(this.authenticator.password(eq("alice"), eq("pw:with:colons"), anyString(), eq("basic")))
			.willReturn(ALICE.via("basic"));
		given(this.users.me()).willReturn(new User(7, "alice", null, null, AccountKind.HUMAN, Role.EDITOR,
				AuthSource.LOCAL, true, false, null, null, 0));
		String basic = java.util.Base64.getEncoder().encodeToString("alice:pw:with:colons".getBytes());
		assertThat(this.mvc.get().uri("/api/v1/users/me").header("Authorization", "Basic " + basic).exchange())
			.hasStatusOk();
		assertThat(this.mvc.get().uri("/api/v1/users/me").header("Authorization", "Basic !!!").exchange())
			.hasStatus(401);
		assertThat(this.mvc.get().uri("/api/v1/users/me").header("Authorization", "Digest x").exchange())
			.hasStatus(401);
	}

	@Test
	void anExpiredTokenSaysSo() {
		given(this.authenticator.token(any(), anyString()))
			.willThrow(new CredentialsExpiredException("The token has expired"));
		MvcTestResult result = this.mvc.get()
			.uri("/api/v1/users/me")
			.header("Authorization", "Bearer " + TOKEN)
			.exchange();
		assertThat(result).hasStatus(401).bodyJson().extractingPath("$.detail").isEqualTo("The token has expired");
	}

	@Test
	void throttledSignInsCarryRetryAfter() {
		given(this.authenticator.password(any(), any(), anyString(), eq("basic")))
			.willThrow(new LoginThrottledException("Too many failed sign-ins; wait before trying again", 8));
		String basic = java.util.Base64.getEncoder().encodeToString("alice:wrong".getBytes());
		MvcTestResult result = this.mvc.get()
			.uri("/api/v1/users/me")
			.header("Authorization", "Basic " + basic)
			.exchange();
		assertThat(result).hasStatus(401);
		assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("8");
	}

	@Test
	void aOneTimePasswordOnlyChangesThePassword() {
		SlipwayPrincipal fresh = new SlipwayPrincipal(1, "admin", Role.ADMIN, AccountKind.HUMAN, true, 0, "basic");
		given(this.authenticator.password(eq("admin"), eq("one-time-pass"), anyString(), eq("basic")))
			.willReturn(fresh);
		String basic = java.util.Base64.getEncoder().encodeToString("admin:one-time-pass".getBytes());
		MvcTestResult list = this.mvc.get().uri("/api/v1/users").header("Authorization", "Basic " + basic).exchange();
		assertThat(list).hasStatus(403).bodyJson().extractingPath("$.code").isEqualTo("PERMISSION_DENIED");
		MvcTestResult change = this.mvc.post()
			.uri("/api/v1/users/me/password")
			.header("Authorization", "Basic " + basic)
			.contentType("application/json")
			.content("{\"currentPassword\":\"one-time-pass\",\"newPassword\":\"a-much-better-password\"}")
			.exchange();
		assertThat(change).hasStatus(204);
	}

	@Test
	void healthIsOpenAndPrometheusIsNotByDefault() {
		assertThat(this.mvc.get().uri("/actuator/prometheus").exchange()).hasStatus(401);
		assertThat(this.mvc.get().uri("/actuator/health").exchange().getResponse().getStatus()).isNotIn(401, 403);
	}

}
