package dev.slipway.system;

import java.nio.file.Path;

/**
 * What this server is and what it runs on: shown on the home page, by
 * {@code /api/v1/system} and in {@code /actuator/info}.
 *
 * @param version the running Slipway version
 * @param instance the installation's identity
 * @param databaseKind the database engine in use
 * @param database where the metadata lives, safe to print
 * @param artifactStoreKind {@code s3} or {@code local}
 * @param artifactStore where the artifacts live, safe to print
 * @param dataDir the data folder (embedded database, local artifacts)
 */
public record SystemOverview(String version, PlatformInstance instance, DatabaseTarget.Kind databaseKind,
		String database, String artifactStoreKind, String artifactStore, Path dataDir) {
}
