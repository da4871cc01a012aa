package dev.slipway.security.web;

import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import dev.slipway.error.Dependency;
import dev.slipway.error.DependencyOutages;
import dev.slipway.storage.ArtifactStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cleanup of expired sessions during a database outage: the outage is recorded and
 * logged once, with no stack trace a minute.
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionCleanupTest {

	private final DependencyOutages outages;

	SessionCleanupTest() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		this.outages = new DependencyOutages(beans.getBeanProvider(DataSource.class),
				beans.getBeanProvider(ArtifactStore.class), new SimpleMeterRegistry(), Clock.systemUTC());
	}

	@AfterEach
	void stopProbing() {
		this.outages.destroy();
	}

	@Test
	void aDatabaseOutageIsRecordedAndLoggedOnceWithoutAStackTrace(CapturedOutput output) {
		SessionCleanup cleanup = new SessionCleanup(new UnreachableSessions(), this.outages);
		cleanup.deleteExpired();
		cleanup.deleteExpired();
		assertThat(this.outages.isDown(Dependency.DATABASE)).isTrue();
		assertThat(output.getAll().split("The database is unavailable", -1)).hasSize(2);
		assertThat(output.getAll()).doesNotContain("\tat ", "Deleting expired web sessions failed");
	}

	/** A session repository whose database refuses every connection. */
	private static final class UnreachableSessions extends JdbcIndexedSessionRepository {

		UnreachableSessions() {
			super(new JdbcTemplate(), new TransactionTemplate());
		}

		@Override
		public void cleanUpExpiredSessions() {
			throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
					new SQLException("Connection refused", "08001"));
		}

	}

}
