package dev.slipway.registry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registered models by name and key, for features that hang their own rows on a model
 * (webhooks) or record what happened to one (the audit trail). No permission is checked
 * here; callers check through {@link RegistryAccess}.
 */
@Service
@Transactional(readOnly = true)
public class ModelDirectory {

	private final RegistryRepository registry;

	ModelDirectory(RegistryRepository registry) {
		this.registry = registry;
	}

	/** The key of the model with this name now. */
	public Optional<Long> idOf(String name) {
		return (name != null) ? this.registry.findModel(name).map(RegistryRepository.ModelRow::id) : Optional.empty();
	}

	/**
	 * The key of the model with this name, holding the model's row lock until the
	 * caller's transaction ends: the lock every change to the model takes first, so a
	 * feature that counts or adds rows of its own per model does so one change at a time.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<Long> lock(String name) {
		return this.registry.lockModel(name).map(RegistryRepository.ModelRow::id);
	}

	/**
	 * The current names of the models with these keys; keys of deleted models are absent.
	 */
	public Map<Long, String> names(Collection<Long> ids) {
		Map<Long, String> names = new LinkedHashMap<>();
		this.registry.modelsByIds(List.copyOf(ids)).forEach((row) -> names.put(row.id(), row.name()));
		return names;
	}

	/**
	 * Where a version's files are (its storage location, else its source), for a feature
	 * that serves a version it was given on a caller's authority; empty for an unknown
	 * version.
	 */
	public Optional<String> downloadUri(long modelId, int version) {
		return this.registry.findVersion(modelId, version)
			.map((row) -> (row.storageLocation() != null) ? row.storageLocation() : row.source());
	}

}
