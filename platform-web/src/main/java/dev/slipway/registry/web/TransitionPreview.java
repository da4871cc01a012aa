package dev.slipway.registry.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.slipway.registry.ModelAlias;
import dev.slipway.registry.ModelVersion;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.RollbackPlan;
import dev.slipway.registry.Stage;
import dev.slipway.registry.TargetKind;

import org.springframework.stereotype.Component;

/**
 * Says, in sentences, what moving a version into a stage or under an alias would change,
 * for the confirmation pages. It reads the registry as it is and changes nothing.
 */
@Component
class TransitionPreview {

	/** Most versions read to find the ones an archiving transition would move. */
	static final int MAX_VERSIONS = 1000;

	private final RegistryService registry;

	TransitionPreview(RegistryService registry) {
		this.registry = registry;
	}

	/**
	 * What moving {@code version} to {@code target} does: "Version 3 will move from
	 * Staging to Production; version 2 (now Production) will be archived."
	 */
	List<String> stage(ModelVersion version, Stage target, boolean archiveExisting) {
		List<String> changes = new ArrayList<>();
		if (version.stage() == target) {
			changes.add("Version " + version.version() + " is already in " + target.wireName() + "; it stays there.");
		}
		else {
			changes.add("Version " + version.version() + " will move from " + version.stage().wireName() + " to "
					+ target.wireName() + ".");
		}
		if (archiveExisting && (target == Stage.STAGING || target == Stage.PRODUCTION)) {
			for (ModelVersion other : this.registry.versions(version.name(), MAX_VERSIONS)) {
				if (other.version() != version.version() && other.stage() == target) {
					changes.add("Version " + other.version() + " (now " + target.wireName() + ") will be archived.");
				}
			}
		}
		return changes;
	}

	/**
	 * What pointing {@code alias} at {@code version} does: "Alias champion will point at
	 * version 3 instead of version 2."
	 */
	List<String> alias(ModelVersion version, String alias) {
		Optional<ModelAlias> current = this.registry.getModel(version.name())
			.aliases()
			.stream()
			.filter((existing) -> existing.alias().equals(alias))
			.findFirst();
		if (current.isEmpty()) {
			return List.of("The new alias " + alias + " will point at version " + version.version() + ".");
		}
		if (current.get().version() == version.version()) {
			return List.of("Alias " + alias + " already points at version " + version.version() + "; it stays.");
		}
		return List.of("Alias " + alias + " will point at version " + version.version() + " instead of version "
				+ current.get().version() + ".");
	}

	/** What a transition request asks for, applied on approval. */
	List<String> request(ModelVersion version, TargetKind kind, String target, boolean archiveExisting) {
		return (kind == TargetKind.STAGE) ? stage(version, Stage.parse(target), archiveExisting)
				: alias(version, target);
	}

	/** What a rollback does, from its plan. */
	static List<String> rollback(RollbackPlan plan) {
		if (plan.targetKind() == TargetKind.ALIAS) {
			return List.of("Alias " + plan.target() + " will point back at version " + plan.restored()
					+ ((plan.current() != null) ? " instead of version " + plan.current() : "") + ".");
		}
		List<String> changes = new ArrayList<>();
		if (plan.current() != null) {
			changes.add("Version " + plan.current() + " (now " + plan.target() + ") will be archived.");
		}
		changes.add("Version " + plan.restored() + " will move back to " + plan.target() + ".");
		return changes;
	}

}
