package dev.slipway.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.TestFolders;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole server on a random port, with the embedded default (H2 and a local artifact
 * folder) in a data folder of its own and the test admin's password, shared by every test
 * class so annotated: Spring's context cache starts it once for all of them. For tests
 * that name what they create uniquely and count nothing they did not create; a test that
 * needs a database of its own (a home page that shows the newest runs of the whole
 * database), other settings or browser screenshots keeps a context of its own. With
 * {@code @OnPostgresql} the same classes share one PostgreSQL context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = EmbeddedServer.Settings.class)
public @interface EmbeddedServer {

	/** A fresh data folder and the test admin's password, once per context. */
	class Settings implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("embeddedServer",
						Map.of("slipway.data-dir", TestFolders.fresh("embedded-server").toString(),
								"slipway.security.admin-password", TestAdmin.PASSWORD)));
		}

	}

}
