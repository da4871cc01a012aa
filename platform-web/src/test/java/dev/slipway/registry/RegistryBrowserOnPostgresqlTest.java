package dev.slipway.registry;

import dev.slipway.testsupport.PostgresTestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link RegistryBrowserTest} on PostgreSQL ({@code SLIPWAY_TEST_DATABASE_URL}, else
 * Testcontainers).
 */
class RegistryBrowserOnPostgresqlTest extends RegistryBrowserTest {

	@DynamicPropertySource
	static void onPostgresql(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.register(registry);
	}

}
