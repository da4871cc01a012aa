package dev.slipway.home.web;

import dev.slipway.testsupport.PostgresTestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link HomeBrowserTest} on PostgreSQL ({@code SLIPWAY_TEST_DATABASE_URL}, else
 * Testcontainers), without the screenshot: the schema is shared with the other tests of
 * the run, whose data would show on it.
 */
class HomeBrowserOnPostgresqlTest extends HomeBrowserTest {

	@DynamicPropertySource
	static void onPostgresql(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.register(registry);
	}

	@Override
	boolean screenshots() {
		return false;
	}

}
