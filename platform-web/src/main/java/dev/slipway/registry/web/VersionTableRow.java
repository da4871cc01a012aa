package dev.slipway.registry.web;

import java.util.List;

import dev.slipway.registry.ModelVersion;

/**
 * One row of a model's versions table.
 *
 * @param version the version number
 * @param href its page
 * @param stage its stage's name
 * @param stageClass the stage badge's classes
 * @param aliases the aliases pointing at it
 * @param registeredBy who registered it
 * @param registered when, as text
 * @param promotedBy who moved it into its stage, or null
 * @param promoted when, as text
 * @param status its registration status
 */
record VersionTableRow(int version, String href, String stage, String stageClass, List<String> aliases,
		String registeredBy, String registered, String promotedBy, String promoted, String status) {

	static VersionTableRow of(ModelVersion version) {
		return new VersionTableRow(version.version(), RegistryPaths.version(version.name(), version.version()),
				version.stage().wireName(), RegistryPaths.stageClass(version.stage()), version.aliases(),
				version.userId(), RegistryPaths.time(version.creationTime()), version.stageChangedBy(),
				RegistryPaths.time(version.stageChangedAt()), version.status());
	}

}
