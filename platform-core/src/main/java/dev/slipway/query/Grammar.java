package dev.slipway.query;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one MLflow search accepts: entity prefixes, attribute keys and their aliases, and
 * where lists are allowed. Each feature declares its own grammars on it
 * ({@code tracking.search.TrackingGrammars}, {@code registry.RegistryGrammars}),
 * mirroring MLflow's {@code SearchUtils}, {@code SearchExperimentsUtils},
 * {@code search_logged_model_utils}, {@code SearchModelUtils} and
 * {@code SearchModelVersionUtils}.
 *
 * @param prefixes every accepted entity prefix and the entity it means
 * @param prefixNames the canonical prefixes, for messages
 * @param attributes every accepted filter attribute key (aliases included) and its
 * canonical name
 * @param numericAttributes the canonical attribute names compared as integers
 * @param listAttributes the canonical string attribute names that accept IN and NOT IN
 * @param listsForParamsAndTags whether params and tags accept IN and NOT IN
 * @param orderEntities the entities order_by may name
 * @param orderAttributes every accepted order_by attribute key (aliases included) and its
 * canonical name
 */
public record Grammar(Map<String, Entity> prefixes, String prefixNames, Map<String, String> attributes,
		Set<String> numericAttributes, Set<String> listAttributes, boolean listsForParamsAndTags,
		Set<Entity> orderEntities, Map<String, String> orderAttributes) {

	/** The keys of {@code dataset.<key>}. */
	public static final Set<String> DATASET_KEYS = Set.of("name", "digest", "context");

	/** The canonical attribute names, for messages. */
	public static String attributeNames(Map<String, String> keys) {
		return String.join(", ", new LinkedHashSet<>(keys.values()));
	}

	/** An ordered table of names, each standing for a target. */
	public static final class Aliases<V> {

		private final Map<String, V> map = new LinkedHashMap<>();

		/** Makes every one of {@code names} stand for {@code target}. */
		public Aliases<V> put(V target, String... names) {
			for (String name : names) {
				this.map.put(name, target);
			}
			return this;
		}

		public Map<String, V> map() {
			return Collections.unmodifiableMap(this.map);
		}

	}

}
