package dev.slipway.webhooks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.slipway.CoreTestApplication;
import dev.slipway.security.MutableClock;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.TestFolders;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * The application contexts the webhook tests share: the core with a {@link MutableClock}
 * on each database. The scheduled dispatcher is pushed a day out, so tests send due
 * deliveries themselves ({@code dispatchDue()}) and decide exactly when time moves.
 */
final class WebhookTestContext {

	/** The poll interval of these contexts: the scheduler never runs during a test. */
	static final String POLL_INTERVAL = "slipway.webhooks.poll-interval=1d";

	private WebhookTestContext() {
	}

	/** On a fresh embedded H2. */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class },
			properties = POLL_INTERVAL)
	@ContextConfiguration(initializers = EmbeddedH2.class)
	@interface OnEmbeddedH2 {

	}

	/** On the test PostgreSQL schema of this JVM. */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class },
			properties = POLL_INTERVAL)
	@ContextConfiguration(initializers = Postgresql.class)
	@interface OnPostgresql {

	}

	static final class EmbeddedH2 implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			add(context, Map.of("slipway.data-dir", TestFolders.fresh("webhooks-h2").toString()));
		}

	}

	/**
	 * A schema of its own next to the JVM's shared test schema: the other core contexts
	 * on PostgreSQL run the scheduled dispatcher with clocks of their own, which must not
	 * send (or claim) these tests' deliveries.
	 */
	static final class Postgresql implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		private static String url;

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("slipway.data-dir", TestFolders.fresh("webhooks-pg").toString());
			properties.put("slipway.database.url", url());
			properties.put("slipway.database.username", PostgresTestDatabase.username());
			properties.put("slipway.database.password", PostgresTestDatabase.password());
			add(context, properties);
		}

		private static synchronized String url() {
			if (url == null) {
				String shared = PostgresTestDatabase.jdbcUrl();
				String base = shared.substring(0, shared.lastIndexOf("currentSchema=") - 1);
				String schema = "w_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
				execute(base, "CREATE SCHEMA " + schema);
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						execute(base, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
					}
					catch (IllegalStateException ex) {
						// A leftover schema with a random name is harmless.
					}
				}));
				url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
			}
			return url;
		}

		private static void execute(String base, String sql) {
			try (Connection connection = DriverManager.getConnection(base, PostgresTestDatabase.username(),
					PostgresTestDatabase.password()); Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot run '" + sql + "' on the test database", ex);
			}
		}

	}

	private static void add(ConfigurableApplicationContext context, Map<String, Object> properties) {
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("webhook-test", properties));
	}

}
