package dev.slipway.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.slipway.query.KeyValue;
import dev.slipway.registry.RegistryRepository.ModelRow;
import dev.slipway.registry.RegistryRepository.VersionRow;

import org.springframework.stereotype.Component;

/**
 * Turns registry rows into the domain records services return: versions with their tags
 * and aliases, models with their tags, aliases and latest version per stage, each read in
 * one query per kind for the whole list.
 */
@Component
final class RegistryViews {

	private final RegistryRepository registry;

	RegistryViews(RegistryRepository registry) {
		this.registry = registry;
	}

	List<ModelVersion> toVersions(List<VersionRow> rows) {
		List<Long> ids = rows.stream().map(VersionRow::id).toList();
		Map<Long, List<KeyValue>> tags = this.registry.versionTags(ids);
		Map<Long, List<String>> aliases = this.registry.versionAliases(ids);
		List<ModelVersion> versions = new ArrayList<>(rows.size());
		for (VersionRow row : rows) {
			versions
				.add(toVersion(row, tags.getOrDefault(row.id(), List.of()), aliases.getOrDefault(row.id(), List.of())));
		}
		return versions;
	}

	ModelVersion toVersion(VersionRow row) {
		return toVersions(List.of(row)).get(0);
	}

	static ModelVersion toVersion(VersionRow row, List<KeyValue> tags, List<String> aliases) {
		return new ModelVersion(row.id(), row.modelName(), row.version(), row.creationTime(), row.lastUpdatedTime(),
				row.userId(), row.stage(), row.description(), row.source(), row.storageLocation(), row.runUuid(),
				row.loggedModelUid(), row.runLink(), row.status(), row.statusMessage(), List.copyOf(tags),
				List.copyOf(aliases), row.stageChangedBy(), row.stageChangedAt());
	}

	List<RegisteredModel> toModels(List<ModelRow> rows) {
		Collection<Long> ids = rows.stream().map(ModelRow::id).toList();
		Map<Long, List<KeyValue>> tags = this.registry.modelTags(ids);
		Map<Long, List<ModelAlias>> aliases = this.registry.modelAliases(ids);
		Map<Long, List<VersionRow>> latest = this.registry.latestPerStage(ids);
		List<RegisteredModel> models = new ArrayList<>(rows.size());
		for (ModelRow row : rows) {
			models.add(new RegisteredModel(row.id(), row.name(), row.description(), row.creationTime(),
					row.lastUpdatedTime(), row.createdBy(), List.copyOf(tags.getOrDefault(row.id(), List.of())),
					List.copyOf(aliases.getOrDefault(row.id(), List.of())),
					toVersions(latest.getOrDefault(row.id(), List.of()))));
		}
		return models;
	}

}
