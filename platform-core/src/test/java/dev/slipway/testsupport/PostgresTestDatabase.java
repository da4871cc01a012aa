package dev.slipway.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL that tests run against, isolated in a schema of its own per test JVM.
 * <ol>
 * <li>{@code SLIPWAY_TEST_DATABASE_URL} when set (CI and developer machines), for example
 * {@code jdbc:postgresql://localhost:5432/slipway_test?user=slipway&password=...};</li>
 * <li>otherwise a Testcontainers PostgreSQL when Docker is available;</li>
 * <li>otherwise the test fails with one line saying how to provide a database.</li>
 * </ol>
 */
public final class PostgresTestDatabase {

	/** The environment variable naming the test database. */
	public static final String URL_VARIABLE = "SLIPWAY_TEST_DATABASE_URL";

	private static final Object LOCK = new Object();

	private static String jdbcUrl;

	private static String username;

	private static String password;

	private PostgresTestDatabase() {
	}

	/** Points a Spring test's Slipway at this database ({@code slipway.database.*}). */
	public static void register(DynamicPropertyRegistry registry) {
		registry.add("slipway.database.url", PostgresTestDatabase::jdbcUrl);
		registry.add("slipway.database.username", PostgresTestDatabase::username);
		registry.add("slipway.database.password", PostgresTestDatabase::password);
	}

	/** JDBC URL of a fresh, empty schema reserved for this test JVM. */
	public static String jdbcUrl() {
		start();
		return jdbcUrl;
	}

	/** User for {@link #jdbcUrl()}; may be empty when the URL carries it. */
	public static String username() {
		start();
		return username;
	}

	/** Password for {@link #jdbcUrl()}; may be empty when the URL carries it. */
	public static String password() {
		start();
		return password;
	}

	private static void start() {
		synchronized (LOCK) {
			if (jdbcUrl != null) {
				return;
			}
			String baseUrl = System.getenv(URL_VARIABLE);
			String user = "";
			String pass = "";
			if (baseUrl == null || baseUrl.isBlank()) {
				if (!dockerAvailable()) {
					throw new IllegalStateException("PostgreSQL tests need a database: set " + URL_VARIABLE
							+ "=jdbc:postgresql://localhost:5432/<db>?user=<user>&password=<password> (bash .ci/run does), or run where Docker is available");
				}
				PostgreSQLContainer container = new PostgreSQLContainer("postgres:15.17-alpine");
				container.start();
				baseUrl = container.getJdbcUrl();
				user = container.getUsername();
				pass = container.getPassword();
			}
			String schema = "t_"
					+ UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
			try (Connection connection = DriverManager.getConnection(baseUrl, user, pass);
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE SCHEMA " + schema);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(
						"Cannot prepare a test schema in " + URL_VARIABLE + " (" + ex.getMessage() + ")", ex);
			}
			String finalBase = baseUrl;
			String finalUser = user;
			String finalPass = pass;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(finalBase, finalUser, finalPass, schema)));
			jdbcUrl = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
			username = user;
			password = pass;
		}
	}

	private static void dropSchema(String baseUrl, String user, String pass, String schema) {
		try (Connection connection = DriverManager.getConnection(baseUrl, user, pass);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		}
		catch (SQLException ex) {
			// A leftover schema is harmless: names are random and CI databases are thrown
			// away.
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
