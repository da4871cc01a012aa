package dev.slipway.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.CoreTestApplication;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.TestFolders;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * The few application contexts the security tests share: the core with a
 * {@link MutableClock} on each database, with default settings and with strict ones.
 * Every test class that uses the same annotation reuses the same cached context, so the
 * suite starts four contexts whatever the number of classes.
 */
public final class SecurityTestContext {

	/** The admin password the strict contexts start with (SLIPWAY_ADMIN_PASSWORD). */
	public static final String STRICT_ADMIN_PASSWORD = "first-start-admin-pw";

	private SecurityTestContext() {
	}

	/** Default settings on a fresh embedded H2. */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
	@ContextConfiguration(initializers = EmbeddedH2.class)
	public @interface OnEmbeddedH2 {

	}

	/** Default settings on the test PostgreSQL schema of this JVM. */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class })
	@ContextConfiguration(initializers = Postgresql.class)
	public @interface OnPostgresql {

	}

	/**
	 * Strict settings on another fresh embedded H2: server default permission NONE, an
	 * admin password given at the first start, tokens of at most 7 days, 2 per user.
	 */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class },
			properties = { "slipway.security.default-permission=NONE",
					"slipway.security.admin-password=" + STRICT_ADMIN_PASSWORD,
					"slipway.security.tokens.max-lifetime=7d", "slipway.security.tokens.max-active-per-user=2" })
	@ContextConfiguration(initializers = StrictEmbeddedH2.class)
	public @interface StrictOnEmbeddedH2 {

	}

	/**
	 * The strict settings of {@link StrictOnEmbeddedH2} on the PostgreSQL schema of this
	 * JVM, which the default context shares (so its first admin may predate them).
	 */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class },
			properties = { "slipway.security.default-permission=NONE",
					"slipway.security.admin-password=" + STRICT_ADMIN_PASSWORD,
					"slipway.security.tokens.max-lifetime=7d", "slipway.security.tokens.max-active-per-user=2" })
	@ContextConfiguration(initializers = Postgresql.class)
	public @interface StrictOnPostgresql {

	}

	static final class EmbeddedH2 implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		private static final Path FOLDER = TestFolders.fresh("security-h2");

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			add(context, "slipway.data-dir", FOLDER.toString());
		}

	}

	static final class StrictEmbeddedH2 implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		private static final Path FOLDER = TestFolders.fresh("security-strict-h2");

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			add(context, "slipway.data-dir", FOLDER.toString());
		}

	}

	static final class Postgresql implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		private static final Path FOLDER = TestFolders.fresh("security-pg");

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("slipway.data-dir", FOLDER.toString());
			properties.put("slipway.database.url", PostgresTestDatabase.jdbcUrl());
			properties.put("slipway.database.username", PostgresTestDatabase.username());
			properties.put("slipway.database.password", PostgresTestDatabase.password());
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("security-test", properties));
		}

	}

	private static void add(ConfigurableApplicationContext context, String name, String value) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("security-test", Map.of(name, value)));
	}

}
