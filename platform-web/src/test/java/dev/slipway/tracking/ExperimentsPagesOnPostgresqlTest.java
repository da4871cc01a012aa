package dev.slipway.tracking;

import dev.slipway.testsupport.PostgresTestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ExperimentsPagesTest} on PostgreSQL ({@code SLIPWAY_TEST_DATABASE_URL}, else
 * Testcontainers).
 */
class ExperimentsPagesOnPostgresqlTest extends ExperimentsPagesTest {

	@DynamicPropertySource
	static void onPostgresql(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.register(registry);
	}

}
