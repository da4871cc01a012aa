package dev.slipway.security.web;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.slipway.error.SlipwayException;
import dev.slipway.security.Role;
import dev.slipway.security.SecurityEvents;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.security.UserService;

import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Turns a person the provider vouched for into a Slipway account: reads the user name and
 * group claims, maps the groups to a role and provisions the account. A person Slipway
 * cannot admit is refused with a message the login page shows as it is.
 */
final class OidcAccounts implements OAuth2UserService<OidcUserRequest, OidcUser> {

	/** The error code of Slipway's own refusals, whose description is safe to show. */
	static final String REFUSED = "slipway_refused";

	static final String NO_ROLE = "Your account has no Slipway role; ask an admin to map one of your groups";

	private final OAuth2UserService<OidcUserRequest, OidcUser> provider;

	private final UserService users;

	private final String issuer;

	private final String usernameClaim;

	private final String rolesClaim;

	private final Map<String, Role> roles;

	private final Role defaultRole;

	OidcAccounts(UserService users, String issuer, String usernameClaim, String rolesClaim, Map<String, Role> roles,
			Role defaultRole) {
		this(new OidcUserService(), users, issuer, usernameClaim, rolesClaim, roles, defaultRole);
	}

	OidcAccounts(OAuth2UserService<OidcUserRequest, OidcUser> provider, UserService users, String issuer,
			String usernameClaim, String rolesClaim, Map<String, Role> roles, Role defaultRole) {
		this.provider = provider;
		this.users = users;
		this.issuer = issuer;
		this.usernameClaim = usernameClaim;
		this.rolesClaim = rolesClaim;
		this.roles = Map.copyOf(roles);
		this.defaultRole = defaultRole;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) {
		OidcUser user = this.provider.loadUser(request);
		String username = user.getClaimAsString(this.usernameClaim);
		if (username == null || username.isBlank()) {
			throw refused("sub=" + user.getSubject(), "no_username_claim", "The provider sent no '" + this.usernameClaim
					+ "' claim to use as your user name; ask an admin to check SLIPWAY_OIDC_USERNAME_CLAIM");
		}
		Role role = role(claim(user.getClaims(), this.rolesClaim))
			.orElseThrow(() -> refused("user=" + username, "no_role", NO_ROLE));
		try {
			SlipwayPrincipal principal = this.users.provisionOidc(this.issuer + "|" + user.getSubject(), username,
					user.getFullName(), user.getEmail(), role);
			return new SignedIn(user, principal);
		}
		catch (DisabledException ex) {
			throw refused("user=" + username, "disabled",
					"Your Slipway account is disabled; ask an admin to enable it");
		}
		catch (SlipwayException ex) {
			throw refused("user=" + username, "invalid_account", ex.getMessage());
		}
	}

	/** The highest role any of the claim's values maps to, else the default role. */
	Optional<Role> role(Object claim) {
		return values(claim).stream()
			.map(this.roles::get)
			.filter(Objects::nonNull)
			.max(Comparator.naturalOrder())
			.or(() -> Optional.ofNullable(this.defaultRole));
	}

	/**
	 * A claim by name; a dotted name such as {@code realm_access.roles} reaches into a
	 * nested object when no claim has the whole name.
	 */
	static Object claim(Map<String, Object> claims, String name) {
		if (claims.containsKey(name) || name.indexOf('.') < 0) {
			return claims.get(name);
		}
		Object current = claims;
		for (String part : name.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(part);
		}
		return current;
	}

	/** A claim's values: a JSON list, or a string separated by spaces or commas. */
	static List<String> values(Object claim) {
		List<String> values = new ArrayList<>();
		if (claim instanceof Collection<?> list) {
			for (Object value : list) {
				if (value != null && !value.toString().isBlank()) {
					values.add(value.toString().trim());
				}
			}
		}
		else if (claim != null) {
			for (String value : claim.toString().trim().split("[\\s,]+")) {
				if (!value.isEmpty()) {
					values.add(value);
				}
			}
		}
		return values;
	}

	private static OAuth2AuthenticationException refused(String who, String reason, String message) {
		SecurityEvents.warn("login.failure", who + " source=OIDC reason=" + reason);
		return new OAuth2AuthenticationException(new OAuth2Error(REFUSED, message, null), message);
	}

	/** The provider's view of the person, with the Slipway account it maps to. */
	record SignedIn(OidcUser user, SlipwayPrincipal principal) implements OidcUser, Serializable {

		@Serial
		private static final long serialVersionUID = 1L;

		@Override
		public Map<String, Object> getClaims() {
			return this.user.getClaims();
		}

		@Override
		public OidcUserInfo getUserInfo() {
			return this.user.getUserInfo();
		}

		@Override
		public OidcIdToken getIdToken() {
			return this.user.getIdToken();
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.user.getAttributes();
		}

		@Override
		public Collection<? extends GrantedAuthority> getAuthorities() {
			return this.user.getAuthorities();
		}

		@Override
		public String getName() {
			return this.principal.username();
		}

	}

}
