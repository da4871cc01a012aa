package dev.slipway.system;

import java.sql.SQLException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metadata database. Slipway builds its own pool from {@link SlipwayProperties}
 * instead of Spring's {@code spring.datasource.*}, so that the embedded default needs no
 * settings and a wrong setting fails start-up with one line naming it.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	DatabaseTarget databaseTarget(SlipwayProperties properties) {
		DatabaseTarget target = DatabaseTarget.resolve(properties.database(), properties.dataDir());
		if (target.kind() == DatabaseTarget.Kind.H2
				&& DatabaseTarget.blankToNull(properties.database().url()) == null) {
			DataFolder.ensure(properties.dataDir().resolve("db"), DataFolder.SETTING);
		}
		return target;
	}

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(DatabaseTarget target, SlipwayProperties properties) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("slipway");
		config.setJdbcUrl(target.jdbcUrl());
		config.setUsername(target.username());
		config.setPassword(target.password());
		config.setMaximumPoolSize(properties.database().maxPoolSize());
		// A request waits this long for a connection, then is answered 503: with the
		// database stopped, callers hear so in seconds rather than hanging.
		config.setConnectionTimeout(Math.max(250, properties.database().maxWait().toMillis()));
		// Try the database now, so a wrong URL or password stops start-up with a clear
		// line.
		config.setInitializationFailTimeout(Math.max(1, properties.database().connectTimeout().toMillis()));
		if (target.kind() == DatabaseTarget.Kind.POSTGRESQL) {
			// One round trip per JDBC batch instead of one per row: the metric ingest
			// path relies on it.
			config.addDataSourceProperty("reWriteBatchedInserts", "true");
			config.addDataSourceProperty("ApplicationName", "slipway");
			// Seconds, as the driver takes them: a host that does not answer fails the
			// connection attempt, and a hung server frees the connection it holds.
			config.addDataSourceProperty("connectTimeout",
					String.valueOf(Math.max(1, properties.database().connectTimeout().toSeconds())));
			config.addDataSourceProperty("socketTimeout",
					String.valueOf(Math.max(1, properties.database().socketTimeout().toSeconds())));
			config.addDataSourceProperty("tcpKeepAlive", "true");
		}
		try {
			return new HikariDataSource(config);
		}
		catch (PoolInitializationException ex) {
			throw explain(target, ex);
		}
	}

	private static InvalidSettingException explain(DatabaseTarget target, PoolInitializationException ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		String reason = SettingFailureAnalyzer.firstLine(cause.getMessage());
		if (target.kind() == DatabaseTarget.Kind.H2 && reason.contains("already in use")) {
			return new InvalidSettingException(DataFolder.SETTING,
					"the embedded database " + target.display() + " is in use by another process; "
							+ "stop the other Slipway or give this one its own SLIPWAY_DATA_DIR",
					ex);
		}
		String setting = isAuthenticationFailure(cause) ? "SLIPWAY_DATABASE_USERNAME/SLIPWAY_DATABASE_PASSWORD"
				: DatabaseTarget.URL_SETTING;
		return new InvalidSettingException(setting, "cannot connect to " + target.display() + ": " + reason, ex);
	}

	private static boolean isAuthenticationFailure(Throwable cause) {
		// SQLSTATE class 28: invalid authorization specification (wrong user or
		// password).
		return cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("28");
	}

}
