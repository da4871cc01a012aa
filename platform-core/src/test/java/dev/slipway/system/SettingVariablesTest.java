package dev.slipway.system;

import java.util.Map;

import dev.slipway.registry.RegistrySettings;
import dev.slipway.security.Role;
import dev.slipway.security.SecuritySettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented variables that are not named after their property: bound when set, and
 * leaving the records' defaults alone when not.
 */
class SettingVariablesTest {

	@Test
	void unsetVariablesLeaveTheRecordsDefaults() {
		SecuritySettings security = bind(Map.of(), "slipway.security", SecuritySettings.class);

		assertThat(security.adminUsername()).isEqualTo("admin");
		assertThat(security.adminPassword()).isNull();
		assertThat(security.oidc().scopes()).containsExactly("openid", "profile", "email");
		assertThat(security.oidc().usernameClaim()).isEqualTo("preferred_username");
		assertThat(security.oidc().buttonLabel()).isEqualTo("Sign in with single sign-on");
		assertThat(security.oidc().enabled()).isFalse();
	}

	@Test
	void setVariablesBindTheirProperties() {
		SecuritySettings security = bind(
				Map.of("SLIPWAY_ADMIN_USERNAME", "root", "SLIPWAY_OIDC_SCOPES", "openid,groups",
						"SLIPWAY_OIDC_ISSUER_URI", "https://sso.example.com", "SLIPWAY_TOKEN_MAX_LIFETIME", "90d"),
				"slipway.security", SecuritySettings.class);

		assertThat(security.adminUsername()).isEqualTo("root");
		assertThat(security.oidc().scopes()).containsExactly("openid", "groups");
		assertThat(security.oidc().enabled()).isTrue();
		assertThat(security.tokens().maxLifetime()).hasDays(90);
	}

	@Test
	void variablesNamedAfterTheirPropertyBindByThemselves() {
		RegistrySettings registry = bind(Map.of("SLIPWAY_REGISTRY_APPROVAL_STAGES", "Staging,Production",
				"SLIPWAY_REGISTRY_DIRECT_ROLE", "MAINTAINER"), "slipway.registry", RegistrySettings.class);

		assertThat(registry.approvalStages()).containsExactly("Staging", "Production");
		assertThat(registry.protectedAliases()).containsExactly("champion");
		assertThat(registry.directRole()).isEqualTo(Role.MAINTAINER);
	}

	@Test
	void anEmptyListVariableMeansNone() {
		RegistrySettings registry = bind(Map.of("SLIPWAY_REGISTRY_APPROVAL_STAGES", ""), "slipway.registry",
				RegistrySettings.class);

		assertThat(registry.approvalStages()).isEmpty();
	}

	@Test
	void theEnvironmentsOwnNameForAPropertyWins() {
		StandardEnvironment environment = environment(Map.of("SLIPWAY_PORT", "8081", "SERVER_PORT", "9000"));

		assertThat(Binder.get(environment).bind("server.port", Integer.class).get()).isEqualTo(9000);
	}

	private static <T> T bind(Map<String, Object> variables, String prefix, Class<T> type) {
		return Binder.get(environment(variables)).bindOrCreate(prefix, type);
	}

	/** An environment whose operating-system variables are {@code variables} alone. */
	private static StandardEnvironment environment(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		new SettingVariables().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
