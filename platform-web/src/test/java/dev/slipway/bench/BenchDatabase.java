package dev.slipway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's own view of Slipway's schema: plain JDBC for checks and seeding, and
 * the {@code psql} client for {@code \copy}, pointed at the same schema.
 */
final class BenchDatabase implements AutoCloseable {

	private static final Pattern PSQL_TIME = Pattern.compile("(?m)^Time: ([0-9.]+) ms");

	private final Connection connection;

	private final Map<String, String> psqlEnvironment;

	private final String schema;

	private BenchDatabase(Connection connection, Map<String, String> psqlEnvironment, String schema) {
		this.connection = connection;
		this.psqlEnvironment = psqlEnvironment;
		this.schema = schema;
	}

	/** Connects to {@code jdbcUrl}; user and password may also be carried by the URL. */
	static BenchDatabase connect(String jdbcUrl, String user, String password) {
		try {
			Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
			connection.setAutoCommit(true);
			return new BenchDatabase(connection, psqlEnvironment(jdbcUrl, user, password), connection.getSchema());
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot connect to the benchmark database: " + ex.getMessage(), ex);
		}
	}

	/** The schema Slipway's tables live in. */
	String schema() {
		return this.schema;
	}

	/** The single number {@code sql} selects. */
	long queryLong(String sql, Object... args) {
		List<List<String>> rows = query(sql, args);
		return Long.parseLong(rows.get(0).get(0));
	}

	/** All rows {@code sql} selects, every column as text. */
	List<List<String>> query(String sql, Object... args) {
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			List<List<String>> rows = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					List<String> row = new ArrayList<>(columns);
					for (int c = 1; c <= columns; c++) {
						row.add(rs.getString(c));
					}
					rows.add(row);
				}
			}
			return rows;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	/** Runs statements in autocommit (VACUUM included). */
	void execute(String... statements) {
		try (Statement statement = this.connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	/** Runs statements in one transaction. */
	void transaction(String... statements) {
		try {
			this.connection.setAutoCommit(false);
			try (Statement statement = this.connection.createStatement()) {
				for (String sql : statements) {
					statement.execute(sql);
				}
				this.connection.commit();
			}
			catch (SQLException ex) {
				this.connection.rollback();
				throw ex;
			}
			finally {
				this.connection.setAutoCommit(true);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	/** The output of {@code psql} running {@code commands} in one session, in order. */
	String psql(String... commands) {
		List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"));
		for (String c : commands) {
			command.add("-c");
			command.add(c);
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(this.psqlEnvironment);
		try {
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("psql failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot run psql (is the PostgreSQL client installed?)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The first line of psql's output that is a whole number (a backend pid, a count).
	 */
	static long psqlNumber(String output) {
		return output.lines()
			.filter((line) -> line.matches("[0-9]+"))
			.mapToLong(Long::parseLong)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("psql printed no number: " + output));
	}

	/** The duration psql's {@code \timing} printed last, in seconds. */
	static double psqlSeconds(String output) {
		Matcher matcher = PSQL_TIME.matcher(output);
		double millis = Double.NaN;
		while (matcher.find()) {
			millis = Double.parseDouble(matcher.group(1));
		}
		if (Double.isNaN(millis)) {
			throw new IllegalStateException("psql printed no timing: " + output);
		}
		return millis / 1000;
	}

	@Override
	public void close() {
		try {
			this.connection.close();
		}
		catch (SQLException ex) {
			// Nothing to do: the schema is dropped when the JVM exits.
		}
	}

	/**
	 * PG* variables for
	 * {@code jdbc:postgresql://host:port/db?user=..&password=..&currentSchema=..}.
	 */
	private static Map<String, String> psqlEnvironment(String jdbcUrl, String user, String password) {
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		Map<String, String> query = new HashMap<>();
		if (uri.getRawQuery() != null) {
			for (String pair : uri.getRawQuery().split("&")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
				}
			}
		}
		Map<String, String> env = new HashMap<>();
		env.put("PGHOST", (uri.getHost() != null) ? uri.getHost() : "localhost");
		env.put("PGPORT", String.valueOf((uri.getPort() > 0) ? uri.getPort() : 5432));
		env.put("PGDATABASE", uri.getPath().substring(1));
		env.put("PGUSER", (user != null && !user.isEmpty()) ? user : query.getOrDefault("user", ""));
		env.put("PGPASSWORD",
				(password != null && !password.isEmpty()) ? password : query.getOrDefault("password", ""));
		env.put("PGAPPNAME", "slipway-benchmark");
		String schema = query.get("currentSchema");
		if (schema != null) {
			env.put("PGOPTIONS", "-c search_path=" + schema);
		}
		// psql on the same transport as the JDBC clients it is compared with.
		String sslMode = query.get("sslmode");
		if (sslMode != null) {
			env.put("PGSSLMODE", sslMode);
		}
		return env;
	}

}
