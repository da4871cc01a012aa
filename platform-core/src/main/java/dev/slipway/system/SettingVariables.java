package dev.slipway.system;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * Binds the documented environment variables whose name is not their property's own
 * (docs/configuration.md). The others need nothing: Spring Boot binds
 * {@code SLIPWAY_S3_REGION} to {@code slipway.s3.region} by itself.
 * <p>
 * A variable that is not set adds nothing, so its property keeps the default of its
 * settings record. {@code application.yml} cannot say that: {@code ${VARIABLE:}} binds an
 * empty value, which would replace the record's default of a text or list setting.
 */
class SettingVariables implements EnvironmentPostProcessor {

	/** The property source's name, just below the operating system's environment. */
	static final String SOURCE_NAME = "slipwaySettingVariables";

	/**
	 * Environment variable to property, for each variable not named after its property.
	 */
	static final Map<String, String> PROPERTIES = Map.ofEntries(Map.entry("SLIPWAY_PORT", "server.port"),
			Map.entry("SLIPWAY_FORWARD_HEADERS", "server.forward-headers-strategy"),
			Map.entry("SLIPWAY_SESSION_TIMEOUT", "server.servlet.session.timeout"),
			Map.entry("SLIPWAY_TRUSTED_PROXIES", "slipway.proxy.trusted-addresses"),
			Map.entry("SLIPWAY_ADMIN_USERNAME", "slipway.security.admin-username"),
			Map.entry("SLIPWAY_ADMIN_PASSWORD", "slipway.security.admin-password"),
			Map.entry("SLIPWAY_ADMIN_RECOVERY", "slipway.security.admin-recovery"),
			Map.entry("SLIPWAY_DEFAULT_PERMISSION", "slipway.security.default-permission"),
			Map.entry("SLIPWAY_PUBLIC_METRICS", "slipway.security.public-metrics"),
			Map.entry("SLIPWAY_TOKEN_MAX_LIFETIME", "slipway.security.tokens.max-lifetime"),
			Map.entry("SLIPWAY_TOKEN_CACHE_TTL", "slipway.security.tokens.cache-ttl"),
			Map.entry("SLIPWAY_OIDC_ISSUER_URI", "slipway.security.oidc.issuer-uri"),
			Map.entry("SLIPWAY_OIDC_CLIENT_ID", "slipway.security.oidc.client-id"),
			Map.entry("SLIPWAY_OIDC_CLIENT_SECRET", "slipway.security.oidc.client-secret"),
			Map.entry("SLIPWAY_OIDC_SCOPES", "slipway.security.oidc.scopes"),
			Map.entry("SLIPWAY_OIDC_USERNAME_CLAIM", "slipway.security.oidc.username-claim"),
			Map.entry("SLIPWAY_OIDC_ROLES_CLAIM", "slipway.security.oidc.roles-claim"),
			Map.entry("SLIPWAY_OIDC_ROLE_MAPPING", "slipway.security.oidc.role-mapping"),
			Map.entry("SLIPWAY_OIDC_DEFAULT_ROLE", "slipway.security.oidc.default-role"),
			Map.entry("SLIPWAY_OIDC_BUTTON_LABEL", "slipway.security.oidc.button-label"));

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> values = new LinkedHashMap<>();
		// Read through the environment, not System.getenv: a system property or a
		// command-line argument of the same name counts too, as it did in
		// application.yml.
		PROPERTIES.forEach((variable, property) -> {
			String value = environment.getProperty(variable);
			if (value != null) {
				values.put(property, value);
			}
		});
		MapPropertySource source = new MapPropertySource(SOURCE_NAME, values);
		MutablePropertySources sources = environment.getPropertySources();
		// Below the environment itself, so SERVER_PORT or a command-line --server.port
		// still
		// wins over SLIPWAY_PORT; above application.yml and the records' defaults.
		if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
		}
		else {
			sources.addLast(source);
		}
	}

}
