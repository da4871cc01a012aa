package dev.slipway.testsupport;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Points the context of an {@link OnPostgresql} test at the test PostgreSQL. The
 * customizer is a record of the schema key, so it is part of the context cache key: equal
 * settings, one context.
 */
class PostgresqlContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		OnPostgresql onPostgresql = TestContextAnnotationUtils.findMergedAnnotation(testClass, OnPostgresql.class);
		return (onPostgresql != null) ? new Customizer(onPostgresql.schema()) : null;
	}

	private record Customizer(String schema) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			Map<String, Object> properties = Map.of("slipway.database.url", PostgresTestDatabase.jdbcUrl(this.schema),
					"slipway.database.username", PostgresTestDatabase.username(), "slipway.database.password",
					PostgresTestDatabase.password());
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("slipway-test-postgresql", properties));
		}

	}

}
