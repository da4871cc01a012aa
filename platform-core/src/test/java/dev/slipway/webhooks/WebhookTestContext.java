package dev.slipway.webhooks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import dev.slipway.CoreTestApplication;
import dev.slipway.security.MutableClock;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.TestFolders;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * The application contexts the webhook tests share: the core with a {@link MutableClock}
 * on the embedded H2 or, with {@link OnPostgresql OnPostgresql(schema = SCHEMA)}, on
 * PostgreSQL. The scheduled dispatcher is pushed a day out, so tests send due deliveries
 * themselves ({@code dispatchDue()}) and decide exactly when time moves.
 */
final class WebhookTestContext {

	/** The poll interval of these contexts: the scheduler never runs during a test. */
	static final String POLL_INTERVAL = "slipway.webhooks.poll-interval=1d";

	/**
	 * The PostgreSQL schema key of these contexts: a schema of their own, because the
	 * other core contexts on PostgreSQL run the scheduled dispatcher with clocks of their
	 * own, which must not send (or claim) these tests' deliveries.
	 */
	static final String SCHEMA = "webhooks";

	private WebhookTestContext() {
	}

	/** The webhook test settings, in a fresh data folder. */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@SpringBootTest(classes = { CoreTestApplication.class, MutableClock.Configuration.class },
			properties = POLL_INTERVAL)
	@ContextConfiguration(initializers = FreshDataDir.class)
	@interface Default {

	}

	static final class FreshDataDir implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("webhook-test",
						Map.of("slipway.data-dir", TestFolders.fresh("webhooks").toString())));
		}

	}

}
