package dev.slipway.system;

import java.sql.Connection;
import java.util.Locale;

import javax.sql.DataSource;

import dev.slipway.error.Dependency;
import dev.slipway.error.DependencyOutages;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness of the database: a pooled connection is valid within
 * {@code slipway.health.timeout}. Replaces Spring Boot's indicator of the same name,
 * which waits as long as the pool and the driver do.
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final DataSource dataSource;

	private final DatabaseTarget target;

	private final DependencyOutages outages;

	private final TimeLimitedCheck check;

	DatabaseHealthIndicator(DataSource dataSource, DatabaseTarget target, DependencyOutages outages,
			SlipwayProperties properties) {
		super("Database health check failed");
		this.dataSource = dataSource;
		this.target = target;
		this.outages = outages;
		this.check = new TimeLimitedCheck("database", properties.health().timeout());
	}

	/**
	 * A failure is reported as DOWN with its reason, not thrown: thrown, it would be
	 * logged with a stack trace at every probe of an outage, which
	 * {@link DependencyOutages} already reports once.
	 */
	@Override
	protected void doHealthCheck(Health.Builder builder) {
		String kind = this.target.kind().name().toLowerCase(Locale.ROOT);
		try {
			boolean valid = this.check.call(() -> {
				try (Connection connection = this.dataSource.getConnection()) {
					return connection.isValid(1);
				}
			});
			if (valid) {
				this.outages.succeeded(Dependency.DATABASE);
				builder.up().withDetail("database", kind);
			}
			else {
				builder.down().withDetail("database", kind).withDetail("error", "the connection is not valid");
			}
		}
		catch (Exception ex) {
			this.outages.absorb(ex);
			builder.down().withDetail("database", kind).withDetail("error", ArtifactStoreHealthIndicator.reason(ex));
		}
	}

	@Override
	public void destroy() {
		this.check.close();
	}

}
