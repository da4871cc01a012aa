package dev.slipway.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.system.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication and authorization settings, bound from {@code slipway.security.*};
 * docs/security.md explains them. Each default is the {@code @DefaultValue} of its field,
 * and only there; docs/configuration.md lists them. The environment variables named below
 * are not their properties' own names: {@code SettingVariables} binds them.
 *
 * @param adminUsername name of the admin account created at the first start
 * ({@code SLIPWAY_ADMIN_USERNAME})
 * @param adminPassword password of that admin; empty means a random one-time password,
 * printed once to the log and to be changed at the first sign-in
 * ({@code SLIPWAY_ADMIN_PASSWORD}). Read only when no user exists yet.
 * @param adminRecovery at start-up, make the admin account an enabled, unlocked admin
 * with a new one-time password printed to the log, for when every admin password is lost
 * ({@code SLIPWAY_ADMIN_RECOVERY}); remove it once signed in
 * @param defaultPermission what a user gets on an experiment or registered model they
 * neither created nor were granted anything on ({@code SLIPWAY_DEFAULT_PERMISSION})
 * @param publicMetrics whether {@code /actuator/prometheus} answers without a token
 * ({@code SLIPWAY_PUBLIC_METRICS})
 * @param login how failed sign-ins are slowed down and refused for a while
 * @param tokens limits on API tokens
 * @param oidc optional single sign-on through OpenID Connect
 */
@ConfigurationProperties("slipway.security")
public record SecuritySettings(@DefaultValue("admin") String adminUsername, String adminPassword,
		@DefaultValue("false") boolean adminRecovery, @DefaultValue("READ") Permission defaultPermission,
		@DefaultValue("false") boolean publicMetrics, @DefaultValue Login login, @DefaultValue Tokens tokens,
		@DefaultValue Oidc oidc) {

	/**
	 * Failed sign-in handling: per user name and client address, so that failures from
	 * one address never refuse the account's owner at another, and per client address
	 * across all names. Unknown names are counted exactly like existing ones.
	 *
	 * @param throttleAfter consecutive failures of one user name from one address after
	 * which each further attempt must wait, doubling from one second up to a minute
	 * @param lockAfter consecutive failures of one user name from one address that refuse
	 * that name from that address for the lock duration
	 * @param lockDuration how long such a refusal lasts (an admin can lift it sooner);
	 * also how long failures are remembered after the last one
	 * @param addressThrottleAfter failures from one address, whatever the names, after
	 * which each further attempt from it must wait, doubling from one second up to a
	 * minute
	 * @param addressLockAfter failures from one address, whatever the names, that refuse
	 * every sign-in from it for the lock duration
	 */
	public record Login(@DefaultValue("3") int throttleAfter, @DefaultValue("10") int lockAfter,
			@DefaultValue("15m") Duration lockDuration, @DefaultValue("20") int addressThrottleAfter,
			@DefaultValue("100") int addressLockAfter) {
	}

	/**
	 * API tokens.
	 *
	 * @param maxLifetime longest expiry a new token may have; empty allows tokens that
	 * never expire ({@code SLIPWAY_TOKEN_MAX_LIFETIME})
	 * @param maxActivePerUser most unrevoked tokens one account may hold
	 * @param cacheTtl how long a replica trusts a token it has read, so a busy client's
	 * token is read about twice a second rather than on every request (0 reads it on
	 * every request). A change made on another replica (a revocation, a disabled account,
	 * a new role) takes effect here within this time; one made here, at once
	 * ({@code SLIPWAY_TOKEN_CACHE_TTL})
	 */
	public record Tokens(Duration maxLifetime, @DefaultValue("50") int maxActivePerUser,
			@DefaultValue("500ms") Duration cacheTtl) {

		/** Checks the values, so a bad setting stops the start with its name. */
		public Tokens {
			if (cacheTtl == null || cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofSeconds(10)) > 0) {
				throw new IllegalArgumentException("SLIPWAY_TOKEN_CACHE_TTL must be from 0 to 10 seconds");
			}
		}
	}

	/**
	 * Single sign-on through an OpenID Connect provider (Keycloak, Entra ID, Okta, Dex).
	 * It is on when {@code issuerUri} is set.
	 *
	 * @param issuerUri the provider's issuer; its discovery document is read at start-up
	 * ({@code SLIPWAY_OIDC_ISSUER_URI})
	 * @param clientId client id registered at the provider
	 * ({@code SLIPWAY_OIDC_CLIENT_ID})
	 * @param clientSecret client secret ({@code SLIPWAY_OIDC_CLIENT_SECRET})
	 * @param scopes scopes requested, comma-separated; must include {@code openid}
	 * ({@code SLIPWAY_OIDC_SCOPES})
	 * @param usernameClaim claim that becomes the Slipway user name
	 * ({@code SLIPWAY_OIDC_USERNAME_CLAIM})
	 * @param rolesClaim claim holding the user's groups or roles, a list or a
	 * space-separated string ({@code SLIPWAY_OIDC_ROLES_CLAIM})
	 * @param roleMapping claim values to Slipway roles, comma-separated, e.g.
	 * {@code ml-admins=ADMIN,ml-engineers=MAINTAINER}; the highest matching role wins
	 * ({@code SLIPWAY_OIDC_ROLE_MAPPING})
	 * @param defaultRole role of a user none of whose claim values is mapped; empty
	 * refuses such users ({@code SLIPWAY_OIDC_DEFAULT_ROLE})
	 * @param buttonLabel text of the sign-in button ({@code SLIPWAY_OIDC_BUTTON_LABEL})
	 */
	public record Oidc(String issuerUri, String clientId, String clientSecret, @DefaultValue( {
			"openid", "profile", "email" }) List<String> scopes,
			@DefaultValue("preferred_username") String usernameClaim, @DefaultValue("groups") String rolesClaim,
			String roleMapping, Role defaultRole, @DefaultValue("Sign in with single sign-on") String buttonLabel){

		/** Whether single sign-on is configured. */
		public boolean enabled() {
			return this.issuerUri != null && !this.issuerUri.isBlank();
		}

		/**
		 * The role mapping, read.
		 * @throws InvalidSettingException naming SLIPWAY_OIDC_ROLE_MAPPING when an entry
		 * is not {@code value=ROLE}
		 */
		public Map<String, Role> roles() {
			Map<String, Role> roles = new LinkedHashMap<>();
			if (this.roleMapping == null || this.roleMapping.isBlank()) {
				return roles;
			}
			for (String entry : this.roleMapping.split(",")) {
				int equals = entry.lastIndexOf('=');
				if (equals <= 0) {
					throw new InvalidSettingException("SLIPWAY_OIDC_ROLE_MAPPING",
							"'" + entry.trim() + "' is not claim-value=ROLE");
				}
				try {
					roles.put(entry.substring(0, equals).trim(), Role.parse("role", entry.substring(equals + 1)));
				}
				catch (SlipwayException ex) {
					throw new InvalidSettingException("SLIPWAY_OIDC_ROLE_MAPPING", ex.getMessage());
				}
			}
			return roles;
		}

	}

}
