package dev.slipway.registry;

import dev.slipway.testsupport.PostgresTestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ModelPagesTest} on PostgreSQL ({@code SLIPWAY_TEST_DATABASE_URL}, else
 * Testcontainers).
 */
class ModelPagesOnPostgresqlTest extends ModelPagesTest {

	@DynamicPropertySource
	static void onPostgresql(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.register(registry);
	}

}
