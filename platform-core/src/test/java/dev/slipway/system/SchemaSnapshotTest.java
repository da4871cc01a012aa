package dev.slipway.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs every migration on PostgreSQL and on the embedded H2 and compares what each ends
 * up with, table by table, against the committed snapshot
 * {@code src/test/resources/schema/latest-schema.txt} (see {@link SchemaSnapshot} for
 * what it holds). A migration that leaves the two databases with different schemas fails
 * here: PostgreSQL must match the snapshot, H2 must match it without the lines marked
 * {@code [postgresql only]}.
 * <p>
 * After adding a migration, regenerate the snapshot on purpose and review its diff:
 *
 * <pre>
 * SLIPWAY_TEST_DATABASE_URL=... ./mvnw -pl platform-core -am test -Dtest=SchemaSnapshotTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dslipway.schema.update=true
 * </pre>
 *
 * The snapshot is written from PostgreSQL, then H2 is still compared with it, so a
 * regeneration cannot record a drift between the two.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchemaSnapshotTest {

	/** Set to {@code true} to write the snapshot instead of comparing with it. */
	static final String UPDATE_PROPERTY = "slipway.schema.update";

	/** The committed snapshot, relative to the module (Surefire's working folder). */
	static final Path SNAPSHOT = Path.of("src", "test", "resources", "schema", "latest-schema.txt");

	private static final int SHOWN_DIFFERENCES = 30;

	@Test
	@Order(1)
	@Requires(Requirement.POSTGRESQL)
	void postgresqlMatchesTheSnapshot(@TempDir Path dataDir) throws Exception {
		DatabaseTarget target = DatabaseTarget.resolve(settings(PostgresTestDatabase.jdbcUrl(),
				PostgresTestDatabase.username(), PostgresTestDatabase.password()), dataDir);
		// A schema of its own: the test JVM's shared one may already hold other tests'
		// tables.
		String schema = "snapshot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try {
			migrate(target, schema);
			String actual = read(target, schema);
			if (Boolean.getBoolean(UPDATE_PROPERTY)) {
				assertThat(SNAPSHOT.getParent()).as("snapshot folder (run from the platform-core module)")
					.isDirectory();
				Files.writeString(SNAPSHOT, SchemaSnapshot.withH2OnlyLines(actual, embeddedH2Schema(dataDir)),
						StandardCharsets.UTF_8);
			}
			assertMatches("PostgreSQL", SchemaSnapshot.withoutH2Only(committedSnapshot()), actual);
		}
		finally {
			execute(target, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		}
	}

	@Test
	@Order(2)
	void embeddedH2MatchesTheSnapshotWithoutPostgresqlOnlyLines(@TempDir Path dataDir) throws Exception {
		assertMatches("H2", SchemaSnapshot.withoutPostgresqlOnly(committedSnapshot()), embeddedH2Schema(dataDir));
	}

	private static String embeddedH2Schema(Path dataDir) throws Exception {
		Path h2Dir = dataDir.resolve("h2");
		DatabaseTarget target = DatabaseTarget.resolve(settings(null, null, null), h2Dir);
		Files.createDirectories(h2Dir.resolve("db"));
		assertThat(target.jdbcUrl()).contains("MODE=PostgreSQL");
		migrate(target, null);
		return read(target, "public");
	}

	/**
	 * Migrates as the server does: the migration folders come from
	 * {@link PersistenceConfiguration} (common plus the database's own).
	 */
	private static void migrate(DatabaseTarget target, String schema) {
		FluentConfiguration configuration = Flyway.configure()
			.dataSource(target.jdbcUrl(), target.username(), target.password())
			.validateOnMigrate(true);
		new PersistenceConfiguration().slipwayMigrationLocations(target).customize(configuration);
		if (schema != null) {
			configuration.schemas(schema).defaultSchema(schema).createSchemas(true);
		}
		configuration.load().migrate();
	}

	private static String read(DatabaseTarget target, String schema) throws SQLException {
		try (Connection connection = connect(target)) {
			return SchemaSnapshot.read(connection, schema.toLowerCase(Locale.ROOT), target.kind());
		}
	}

	private static void assertMatches(String database, String expected, String actual) {
		if (!expected.equals(actual)) {
			fail(database + "'s migrated schema differs from " + SNAPSHOT + " (- snapshot, + " + database + "; first "
					+ SHOWN_DIFFERENCES + " differing lines):\n"
					+ SchemaSnapshot.differences(expected, actual, SHOWN_DIFFERENCES)
					+ "If both databases should have this schema, regenerate the snapshot with -D" + UPDATE_PROPERTY
					+ "=true and review its diff; if they differ, fix the migration.");
		}
	}

	private static String committedSnapshot() throws IOException {
		assertThat(SNAPSHOT).as("committed schema snapshot (run from the platform-core module)").isRegularFile();
		return Files.readString(SNAPSHOT, StandardCharsets.UTF_8);
	}

	private static SlipwayProperties.Database settings(String url, String username, String password) {
		return new SlipwayProperties.Database(url, username, password, 2, Duration.ofSeconds(10), Duration.ofSeconds(3),
				Duration.ofMinutes(5));
	}

	private static Connection connect(DatabaseTarget target) throws SQLException {
		return DriverManager.getConnection(target.jdbcUrl(), target.username(), target.password());
	}

	private static void execute(DatabaseTarget target, String sql) throws SQLException {
		try (Connection connection = connect(target); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
