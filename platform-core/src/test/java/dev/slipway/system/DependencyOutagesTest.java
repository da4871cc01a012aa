package dev.slipway.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import dev.slipway.error.Dependency;
import dev.slipway.error.DependencyOutages;
import dev.slipway.storage.ArtifactNotFoundException;
import dev.slipway.storage.ArtifactStore;
import dev.slipway.storage.ArtifactStoreException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which failures are outages, and that an outage is logged when it begins and when it
 * ends, not once per refused request.
 */
@ExtendWith(OutputCaptureExtension.class)
class DependencyOutagesTest {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final DependencyOutages outages;

	DependencyOutagesTest() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		this.outages = new DependencyOutages(beans.getBeanProvider(DataSource.class),
				beans.getBeanProvider(ArtifactStore.class), this.meters, Clock.systemUTC());
	}

	@AfterEach
	void stop() {
		this.outages.destroy();
	}

	@Test
	void connectionFailuresAreDatabaseOutagesAndOtherFailuresAreNot() {
		assertThat(DependencyOutages.unavailable(new CannotCreateTransactionException("no connection",
				new SQLTransientConnectionException("slipway - Connection is not available"))))
			.hasValue(Dependency.DATABASE);
		assertThat(DependencyOutages
			.unavailable(new CannotGetJdbcConnectionException("x", new SQLException("Connection refused", "08001"))))
			.hasValue(Dependency.DATABASE);
		assertThat(DependencyOutages.unavailable(new IllegalStateException(new SQLException("shutting down", "57P01"))))
			.hasValue(Dependency.DATABASE);
		assertThat(DependencyOutages
			.unavailable(new ArtifactStoreException("cannot talk to S3", new ConnectException("refused"))))
			.hasValue(Dependency.ARTIFACT_STORE);

		assertThat(DependencyOutages.unavailable(new ArtifactNotFoundException("a.txt"))).isEmpty();
		assertThat(DependencyOutages.unavailable(new DataIntegrityViolationException("duplicate key"))).isEmpty();
		assertThat(DependencyOutages.unavailable(new SQLException("syntax error", "42601"))).isEmpty();
		assertThat(DependencyOutages.unavailable(new NullPointerException())).isEmpty();
	}

	@Test
	void anOutageIsLoggedWhenItBeginsAndWhenItEnds(CapturedOutput output) {
		Exception failure = new CannotCreateTransactionException("Could not open JPA EntityManager",
				new SQLTransientConnectionException("Connection is not available, request timed out after 3000ms"));
		String first = this.outages.failed(Dependency.DATABASE, failure);
		for (int i = 0; i < 49; i++) {
			assertThat(this.outages.failed(Dependency.DATABASE, failure)).isNotEqualTo(first);
		}
		assertThat(this.outages.absorb(failure)).isTrue();
		assertThat(this.outages.absorb(new IllegalStateException("a bug"))).isFalse();
		assertThat(this.outages.isDown(Dependency.DATABASE)).isTrue();
		assertThat(this.outages.isDown(Dependency.ARTIFACT_STORE)).isFalse();

		this.outages.succeeded(Dependency.DATABASE);
		this.outages.succeeded(Dependency.DATABASE);

		assertThat(output.getOut().lines().filter((line) -> line.contains("The database is unavailable")))
			.singleElement()
			.asString()
			.contains("Connection is not available, request timed out after 3000ms", "error id " + first);
		assertThat(output.getOut().lines().filter((line) -> line.contains("The database is available again")))
			.singleElement()
			.asString()
			.contains("50 requests were refused meanwhile");
		assertThat(output.getOut()).doesNotContain("\tat ");
		assertThat(
				this.meters.get("slipway.dependency.refused.requests").tag("dependency", "database").counter().count())
			.isEqualTo(50);
		assertThat(this.meters.get("slipway.dependency.up").tag("dependency", "database").gauge().value()).isEqualTo(1);
	}

	@Test
	void aHungCheckTimesOutAndIsNotStartedAgainWhileItHangs() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (TimeLimitedCheck check = new TimeLimitedCheck("artifact store", Duration.ofMillis(200))) {
			long start = System.nanoTime();
			assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> check.call(() -> {
				release.await();
				return null;
			})).withMessage("the artifact store did not answer within 200 ms");
			assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> check.call(() -> "fast"))
				.withMessageContaining("has not finished");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

			release.countDown();
			Thread.sleep(100);
			assertThat(check.call(() -> "fast")).isEqualTo("fast");
		}
	}

}
