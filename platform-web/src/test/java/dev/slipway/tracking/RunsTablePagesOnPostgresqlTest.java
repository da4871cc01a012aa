package dev.slipway.tracking;

import dev.slipway.testsupport.PostgresTestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link RunsTablePagesTest} on PostgreSQL ({@code SLIPWAY_TEST_DATABASE_URL}, else
 * Testcontainers).
 */
class RunsTablePagesOnPostgresqlTest extends RunsTablePagesTest {

	@DynamicPropertySource
	static void onPostgresql(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.register(registry);
	}

}
