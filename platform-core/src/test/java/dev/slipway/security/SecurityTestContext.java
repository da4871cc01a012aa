package dev.slipway.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import dev.slipway.CoreTestApplication;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.TestFolders;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * The few application contexts the security tests share: the core with a
 * {@link MutableClock}, with default settings and with strict ones, each on the embedded
 * H2 or, with {@link OnPostgresql}, on PostgreSQL. Every test class that uses the same
 * annotations reuses the same cached context, so the suite starts four contexts whatever
 * the number of classes.
 */
public final class SecurityTestContext {

	/** The admin password the strict contexts start with (SLIPWAY_ADMIN_PASSWORD). */
	public static final String STRICT_ADMIN_PASSWORD = "first-start-admin-pw";

	private SecurityTestContext() {
	}

	/** Default settings, in a fresh data folder. */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
	@ContextConfiguration(initializers = FreshDataDir.class)
	public @interface Default {

	}

	/**
	 * Strict settings, in a fresh data folder: server default permission NONE, an admin
	 * password given at the first start, tokens of at most 7 days, 2 per user. On
	 * PostgreSQL the default context shares the schema, so its first admin may predate
	 * them.
	 */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class },
			properties = { "slipway.security.default-permission=NONE",
					"slipway.security.admin-password=" + STRICT_ADMIN_PASSWORD,
					"slipway.security.tokens.max-lifetime=7d", "slipway.security.tokens.max-active-per-user=2" })
	@ContextConfiguration(initializers = FreshDataDir.class)
	public @interface Strict {

	}

	/** A new data folder for each context, so each embedded H2 starts empty. */
	static final class FreshDataDir implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("security-test",
						Map.of("slipway.data-dir", TestFolders.fresh("security").toString())));
		}

	}

}
