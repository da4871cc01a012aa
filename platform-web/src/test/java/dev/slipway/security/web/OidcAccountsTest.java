package dev.slipway.security.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.security.AccountKind;
import dev.slipway.security.Role;
import dev.slipway.security.SecuritySettings;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.security.UserService;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.DisabledException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** From the provider's claims to a Slipway account and role. */
class OidcAccountsTest {

	static final String ISSUER = "https://sso.example.com/realms/ml";

	static final Map<String, Role> MAPPING = new SecuritySettings.Oidc(ISSUER, "slipway", null, List.of("openid"),
			"preferred_username", "groups", "ml-admins=ADMIN,ml-eng=MAINTAINER,ml-editors=EDITOR,ml-readers=VIEWER",
			null, null)
		.roles();

	final UserService users = mock(UserService.class);

	@Test
	void aListOfGroupsGivesTheHighestMappedRole() {
		assertThat(accounts(null).role(List.of("ml-readers", "staff", "ml-eng", "ml-editors")))
			.contains(Role.MAINTAINER);
	}

	@Test
	void groupsMaySpellAsOneStringSeparatedBySpacesOrCommas() {
		assertThat(accounts(null).role("ml-readers ml-admins")).contains(Role.ADMIN);
		assertThat(accounts(null).role("ml-readers, ml-editors")).contains(Role.EDITOR);
		assertThat(OidcAccounts.values(" a,b  c ")).containsExactly("a", "b", "c");
	}

	@Test
	void unmappedGroupsFallBackToTheDefaultRoleIfThereIsOne() {
		assertThat(accounts(null).role(List.of("marketing"))).isEmpty();
		assertThat(accounts(null).role(null)).isEmpty();
		assertThat(accounts(Role.VIEWER).role(List.of("marketing"))).contains(Role.VIEWER);
		assertThat(accounts(Role.VIEWER).role(List.of("ml-eng"))).contains(Role.MAINTAINER);
	}

	@Test
	void aDottedClaimNameReachesIntoANestedClaim() {
		Map<String, Object> claims = Map.of("realm_access", Map.of("roles", List.of("ml-eng")), "cognito:groups",
				List.of("x"), "a.b", "whole");
		assertThat(OidcAccounts.claim(claims, "realm_access.roles")).isEqualTo(List.of("ml-eng"));
		assertThat(OidcAccounts.claim(claims, "a.b")).isEqualTo("whole");
		assertThat(OidcAccounts.claim(claims, "realm_access.missing")).isNull();
		assertThat(OidcAccounts.claim(claims, "groups")).isNull();
	}

	@Test
	void provisionsTheAccountUnderTheIssuerAndSubject() {
		SlipwayPrincipal ada = new SlipwayPrincipal(7, "ada", Role.MAINTAINER, AccountKind.HUMAN, false, 0, "oidc");
		given(this.users.provisionOidc(ISSUER + "|sub-1", "Ada", "Ada Lovelace", "ada@example.com", Role.MAINTAINER))
			.willReturn(ada);

		OidcUser user = accounts(null, person("preferred_username", "Ada", "name", "Ada Lovelace", "email",
				"ada@example.com", "groups", List.of("ml-eng")))
			.loadUser(null);

		assertThat(user).isInstanceOfSatisfying(OidcAccounts.SignedIn.class,
				(signedIn) -> assertThat(signedIn.principal()).isEqualTo(ada));
		assertThat(user.getName()).isEqualTo("ada");
		assertThat(user.getSubject()).isEqualTo("sub-1");
	}

	@Test
	void refusesAPersonWithoutARole() {
		OidcAccounts accounts = accounts(null, person("preferred_username", "mallory", "groups", List.of("sales")));

		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> accounts.loadUser(null))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(OidcAccounts.REFUSED))
			.withMessage("Your account has no Slipway role; ask an admin to map one of your groups");
		verifyNoInteractions(this.users);
	}

	@Test
	void refusesAPersonWithoutTheUsernameClaim() {
		OidcAccounts accounts = accounts(null, person("groups", List.of("ml-eng")));

		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> accounts.loadUser(null))
			.withMessageContaining("no 'preferred_username' claim")
			.withMessageContaining("SLIPWAY_OIDC_USERNAME_CLAIM");
		verifyNoInteractions(this.users);
	}

	@Test
	void refusalsFromTheAccountsAreShownAsTheySay() {
		given(this.users.provisionOidc(any(), eq("admin"), any(), any(), any())).willThrow(new SlipwayException(
				ErrorCode.ALREADY_EXISTS, "A local account named admin exists; an admin must delete it first"));
		given(this.users.provisionOidc(any(), eq("ghost"), any(), any(), any()))
			.willThrow(new DisabledException("The account is disabled"));

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(
					() -> accounts(null, person("preferred_username", "admin", "groups", "ml-admins")).loadUser(null))
			.withMessageContaining("A local account named admin exists");
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> accounts(null, person("preferred_username", "ghost", "groups", "ml-eng")).loadUser(null))
			.withMessage("Your Slipway account is disabled; ask an admin to enable it");
		verify(this.users).provisionOidc(ISSUER + "|sub-1", "ghost", null, null, Role.MAINTAINER);
	}

	private OidcAccounts accounts(Role defaultRole) {
		return accounts(defaultRole, person());
	}

	private OidcAccounts accounts(Role defaultRole, OidcUser person) {
		return new OidcAccounts((request) -> person, this.users, ISSUER, "preferred_username", "groups", MAPPING,
				defaultRole);
	}

	private static OidcUser person(Object... claims) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("sub", "sub-1");
		for (int i = 0; i < claims.length; i += 2) {
			all.put((String) claims[i], claims[i + 1]);
		}
		OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60), all);
		return new DefaultOidcUser(List.of(), token);
	}

}
