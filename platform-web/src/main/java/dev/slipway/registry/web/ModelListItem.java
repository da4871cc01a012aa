package dev.slipway.registry.web;

import java.util.List;

import dev.slipway.registry.RegisteredModel;

/**
 * One row of the models list.
 *
 * @param name the model's name
 * @param href its page
 * @param latest the newest version in each stage that has one
 * @param aliases the aliases, as {@code alias → vN}
 * @param updated last update as text
 * @param updatedIso the same, machine-readable
 * @param description the start of the description, or empty
 */
record ModelListItem(String name, String href, List<StageVersion> latest, List<AliasBadge> aliases, String updated,
		String updatedIso, String description) {

	/** Longest description excerpt the list shows. */
	static final int EXCERPT = 140;

	static ModelListItem of(RegisteredModel model) {
		List<StageVersion> latest = model.latestVersions()
			.stream()
			.map((version) -> new StageVersion(version.version(), version.stage().wireName(),
					RegistryPaths.stageClass(version.stage()), RegistryPaths.version(model.name(), version.version())))
			.toList();
		List<AliasBadge> aliases = model.aliases()
			.stream()
			.map((alias) -> new AliasBadge(alias.alias(), alias.version(),
					RegistryPaths.version(model.name(), alias.version())))
			.toList();
		return new ModelListItem(model.name(), RegistryPaths.model(model.name()), latest, aliases,
				RegistryPaths.time(model.lastUpdatedTime()), RegistryPaths.isoTime(model.lastUpdatedTime()),
				excerpt(model.description()));
	}

	static String excerpt(String text) {
		if (text == null || text.isBlank()) {
			return "";
		}
		String line = text.strip().replaceAll("\\s+", " ");
		return (line.length() <= EXCERPT) ? line : line.substring(0, EXCERPT - 1) + "…";
	}

	/**
	 * The newest version in one stage.
	 *
	 * @param version the version number
	 * @param stage the stage's name
	 * @param badge the badge's classes
	 * @param href the version's page
	 */
	record StageVersion(int version, String stage, String badge, String href) {
	}

	/**
	 * An alias and its version.
	 *
	 * @param alias the alias
	 * @param version the version number
	 * @param href the version's page
	 */
	record AliasBadge(String alias, int version, String href) {
	}

}
