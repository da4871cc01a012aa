package dev.slipway.tracking.search;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.slipway.query.SqlQuery;
import dev.slipway.testsupport.PostgresTestDatabase;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A migrated, empty tracking schema of its own for one test class: an in-memory H2 in
 * PostgreSQL mode, or a fresh schema in the test PostgreSQL (so rows other tests write
 * there never show up in a search).
 */
public final class SearchDatabase implements AutoCloseable {

	public enum Kind {

		H2, POSTGRESQL

	}

	private final SingleConnectionDataSource dataSource;

	private final JdbcTemplate jdbc;

	private final String schema;

	private SearchDatabase(SingleConnectionDataSource dataSource, String schema) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.schema = schema;
	}

	public static SearchDatabase open(Kind kind) {
		String name = "search_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		if (kind == Kind.H2) {
			SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
					"jdbc:h2:mem:" + name
							+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
					"sa", "", true);
			Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common").load().migrate();
			return new SearchDatabase(dataSource, null);
		}
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(PostgresTestDatabase.jdbcUrl(),
				PostgresTestDatabase.username(), PostgresTestDatabase.password(), true);
		String schema = name.toLowerCase(Locale.ROOT);
		Flyway.configure()
			.dataSource(dataSource)
			.schemas(schema)
			.locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
			.load()
			.migrate();
		execute(dataSource, "SET search_path TO " + schema);
		return new SearchDatabase(dataSource, schema);
	}

	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	/** Runs a built query and returns the ids it selects, in order. */
	public List<Long> ids(SqlQuery query) {
		return this.jdbc.queryForList(query.sql(), Long.class, query.args().toArray());
	}

	@Override
	public void close() {
		if (this.schema != null) {
			execute(this.dataSource, "DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
		}
		else {
			execute(this.dataSource, "SHUTDOWN");
		}
		this.dataSource.destroy();
	}

	private static void execute(SingleConnectionDataSource dataSource, String sql) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + " failed: " + ex.getMessage(), ex);
		}
	}

}
