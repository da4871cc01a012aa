package dev.slipway.registry;

import dev.slipway.testsupport.PostgresTestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link RegistryConcurrencyTest} on PostgreSQL ({@code SLIPWAY_TEST_DATABASE_URL}, else
 * Testcontainers), where the row locks are PostgreSQL's own.
 */
class RegistryConcurrencyOnPostgresqlTest extends RegistryConcurrencyTest {

	@DynamicPropertySource
	static void onPostgresql(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.register(registry);
	}

}
