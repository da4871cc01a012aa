package dev.slipway.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL that tests run against, isolated in a schema of its own per test JVM.
 * <ol>
 * <li>{@code SLIPWAY_TEST_DATABASE_URL} when set (CI and developer machines), for example
 * {@code jdbc:postgresql://localhost:5432/slipway_test?user=slipway&password=...};</li>
 * <li>otherwise a Testcontainers PostgreSQL when Docker is available;</li>
 * <li>otherwise none: tests that need it say so with {@link OnPostgresql} or
 * {@code @Requires(POSTGRESQL)} and are skipped.</li>
 * </ol>
 */
public final class PostgresTestDatabase {

	/** The environment variable naming the test database. */
	public static final String URL_VARIABLE = Requirement.DATABASE_URL;

	private static final Object LOCK = new Object();

	private static String serverUrl;

	private static String jdbcUrl;

	private static String username;

	private static String password;

	private static final Map<String, String> namedSchemaUrls = new HashMap<>();

	private PostgresTestDatabase() {
	}

	/** JDBC URL of a fresh, empty schema reserved for this test JVM. */
	public static String jdbcUrl() {
		start();
		return jdbcUrl;
	}

	/**
	 * JDBC URL of the fresh schema {@code key} names, beside the shared one and created
	 * on first use; the shared schema when {@code key} is empty. For contexts whose
	 * scheduled work must not meet other contexts' rows.
	 */
	public static String jdbcUrl(String key) {
		if (key.isEmpty()) {
			return jdbcUrl();
		}
		start();
		synchronized (LOCK) {
			return namedSchemaUrls.computeIfAbsent(key,
					(k) -> withSchema(serverUrl, createSchema(serverUrl, username, password)));
		}
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
				Requirement.POSTGRESQL.missing().ifPresent((reason) -> {
					throw new IllegalStateException(reason);
				});
				PostgreSQLContainer container = new PostgreSQLContainer("postgres:15.17-alpine");
				container.start();
				baseUrl = container.getJdbcUrl();
				user = container.getUsername();
				pass = container.getPassword();
			}
			jdbcUrl = withSchema(baseUrl, createSchema(baseUrl, user, pass));
			serverUrl = baseUrl;
			username = user;
			password = pass;
		}
	}

	/** Creates a schema with a random name, dropped when the JVM exits. */
	private static String createSchema(String baseUrl, String user, String pass) {
		String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
		try (Connection connection = DriverManager.getConnection(baseUrl, user, pass);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"Cannot prepare a test schema in " + URL_VARIABLE + " (" + ex.getMessage() + ")", ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(baseUrl, user, pass, schema)));
		return schema;
	}

	private static String withSchema(String baseUrl, String schema) {
		return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
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

}
