package dev.slipway.system;

import javax.sql.DataSource;

import dev.slipway.CoreTestApplication;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.TestFolders;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every migration on PostgreSQL and on the embedded H2, then starts the persistence
 * layer with Hibernate {@code validate}: if an entity and the migrated schema disagree,
 * the context fails to start and so does this test.
 */
class SchemaMigrationTest {

	abstract static class MigratedSchema {

		@Autowired
		Flyway flyway;

		@Autowired
		DataSource dataSource;

		@Test
		void everyMigrationIsAppliedAndNonePending() {
			MigrationInfo[] applied = this.flyway.info().applied();
			assertThat(applied).isNotEmpty()
				.allSatisfy((migration) -> assertThat(migration.getState().isApplied()).isTrue());
			assertThat(this.flyway.info().pending()).isEmpty();
			assertThat(this.flyway.validateWithResult().validationSuccessful).isTrue();
		}

		@Test
		void foundationTablesExist() {
			JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
			Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM platform_instance", Integer.class);
			assertThat(rows).isEqualTo(1);
		}

	}

	@Nested
	@OnPostgresql
	@SpringBootTest(classes = CoreTestApplication.class)
	class Postgresql extends MigratedSchema {

		@DynamicPropertySource
		static void dataDir(DynamicPropertyRegistry registry) {
			TestFolders.registerDataDir(registry, "schema-pg");
		}

		@Autowired
		DatabaseTarget target;

		@Test
		void runsOnPostgresql() {
			assertThat(this.target.kind()).isEqualTo(DatabaseTarget.Kind.POSTGRESQL);
		}

	}

	@Nested
	@SpringBootTest(classes = CoreTestApplication.class)
	class EmbeddedH2 extends MigratedSchema {

		@DynamicPropertySource
		static void dataDir(DynamicPropertyRegistry registry) {
			TestFolders.registerDataDir(registry, "schema-h2");
		}

		@Autowired
		DatabaseTarget target;

		@Test
		void runsOnEmbeddedH2() {
			assertThat(this.target.kind()).isEqualTo(DatabaseTarget.Kind.H2);
			assertThat(this.target.jdbcUrl()).contains("MODE=PostgreSQL");
		}

	}

}
