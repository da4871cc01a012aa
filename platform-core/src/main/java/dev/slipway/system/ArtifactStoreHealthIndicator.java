package dev.slipway.system;

import dev.slipway.storage.ArtifactStore;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness check of the artifact store (bean name {@code artifactStore} in the health
 * groups): a server that cannot reach its store must not take traffic.
 */
@Component("artifactStoreHealthIndicator")
class ArtifactStoreHealthIndicator extends AbstractHealthIndicator {

	private final ArtifactStore store;

	ArtifactStoreHealthIndicator(ArtifactStore store) {
		super("Artifact store health check failed");
		this.store = store;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		this.store.checkHealth();
		builder.up().withDetail("location", this.store.describe());
	}

}
