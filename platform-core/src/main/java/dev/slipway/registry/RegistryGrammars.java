package dev.slipway.registry;

import java.util.Map;
import java.util.Set;

import dev.slipway.query.Entity;
import dev.slipway.query.Grammar;
import dev.slipway.query.Grammar.Aliases;

/**
 * What the registry's searches accept: MLflow's grammars of
 * {@code search_registered_models} and {@code search_model_versions}.
 */
public final class RegistryGrammars {

	/**
	 * {@code search_registered_models}: {@code SearchModelUtils} and the SQL store's
	 * order_by, where {@code timestamp} means the last update.
	 */
	public static final Grammar REGISTERED_MODELS = new Grammar(registryPrefixes(), "attribute, tag",
			new Aliases<String>().put("name", "name").map(), Set.of(), Set.of("name"), false, Set.of(Entity.ATTRIBUTE),
			new Aliases<String>().put("name", "name")
				.put("creation_timestamp", "creation_timestamp")
				.put("last_updated_timestamp", "last_updated_timestamp", "timestamp")
				.map());

	/** {@code search_model_versions}: {@code SearchModelVersionUtils}. */
	public static final Grammar MODEL_VERSIONS = new Grammar(registryPrefixes(), "attribute, tag",
			new Aliases<String>().put("name", "name")
				.put("version_number", "version_number")
				.put("run_id", "run_id")
				.put("source_path", "source_path")
				.map(),
			Set.of("version_number"), Set.of("name", "run_id"), false, Set.of(Entity.ATTRIBUTE),
			new Aliases<String>().put("name", "name")
				.put("version_number", "version_number")
				.put("creation_timestamp", "creation_timestamp")
				.put("last_updated_timestamp", "last_updated_timestamp")
				.map());

	/** The model registry's prefixes: {@code attribute}, {@code tag} and {@code tags}. */
	private static Map<String, Entity> registryPrefixes() {
		return new Aliases<Entity>().put(Entity.ATTRIBUTE, "attribute").put(Entity.TAG, "tag", "tags").map();
	}

	private RegistryGrammars() {
	}

}
