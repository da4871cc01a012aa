package dev.slipway.system.api;

import java.util.Locale;

import dev.slipway.system.SystemOverview;

/**
 * Wire form of {@link SystemOverview}. The data folder is left out: it is a server-side
 * path the caller has no use for.
 *
 * @param version the running Slipway version
 * @param instanceId stable id of the installation
 * @param instanceCreatedAt when the installation was initialised (ISO-8601)
 * @param database {@code postgresql} or {@code h2}
 * @param artifactStore where artifacts live ({@code s3} or {@code local})
 */
record SystemResponse(String version, String instanceId, String instanceCreatedAt, String database,
		String artifactStore) {

	static SystemResponse from(SystemOverview overview) {
		return new SystemResponse(overview.version(), overview.instance().instanceId().toString(),
				overview.instance().createdAt().toString(), overview.databaseKind().name().toLowerCase(Locale.ROOT),
				overview.artifactStoreKind());
	}

}
