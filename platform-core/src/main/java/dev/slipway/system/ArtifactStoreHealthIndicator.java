package dev.slipway.system;

import dev.slipway.error.DependencyOutages;
import dev.slipway.storage.ArtifactStore;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness of the artifact store: the bucket or folder answers within
 * {@code slipway.health.timeout}. A hung store makes it DOWN in that time, never hangs
 * the probe.
 */
@Component("artifactStoreHealthIndicator")
class ArtifactStoreHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final ArtifactStore store;

	private final TimeLimitedCheck check;

	ArtifactStoreHealthIndicator(ArtifactStore store, SlipwayProperties properties) {
		super("Artifact store health check failed");
		this.store = store;
		this.check = new TimeLimitedCheck("artifact store", properties.health().timeout());
	}

	/**
	 * A failure is reported as DOWN with its reason, not thrown: thrown, it would be
	 * logged with a stack trace at every probe of an outage, which
	 * {@link DependencyOutages} already reports once.
	 */
	@Override
	protected void doHealthCheck(Health.Builder builder) {
		try {
			this.check.call(() -> {
				this.store.checkHealth();
				return null;
			});
			builder.up().withDetail("location", this.store.describe());
		}
		catch (Exception ex) {
			builder.down().withDetail("location", this.store.describe()).withDetail("error", reason(ex));
		}
	}

	static String reason(Exception ex) {
		return (ex.getMessage() != null) ? SettingFailureAnalyzer.firstLine(ex.getMessage())
				: ex.getClass().getSimpleName();
	}

	@Override
	public void destroy() {
		this.check.close();
	}

}
