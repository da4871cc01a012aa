package dev.slipway.registry;

import java.util.List;
import java.util.function.Supplier;

import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;

/**
 * The registry's input rules in one place, as {@code TrackingLimits} holds tracking's:
 * model names that fit in {@code models:/<name>/<version>} and in a web address, and the
 * lengths and counts of descriptions, tags and URIs. Every refusal is INVALID_ARGUMENT
 * naming the field.
 */
final class RegistryLimits {

	/** The longest registered model name. */
	static final int MAX_NAME_LENGTH = 256;

	/** The longest description. */
	static final int MAX_DESCRIPTION_LENGTH = 65_536;

	/** The most tags a registered model or a version can carry. */
	static final int MAX_TAGS = 200;

	/** The longest source URI or run link. */
	static final int MAX_URI_LENGTH = 2000;

	/** The longest run id a version records (a run of another server included). */
	static final int MAX_RUN_ID_LENGTH = 256;

	/**
	 * Characters a model name may not hold: '/' and ':' as in MLflow (they break
	 * {@code models:/} URIs), and '%', ';' and '\\', which the HTTP firewall refuses in a
	 * path, so the pages and native routes could not address the model.
	 */
	private static final String FORBIDDEN_NAME_CHARACTERS = "/:%;\\";

	private static final String FORBIDDEN_NAME_LIST = "'/', ':', '%', ';', '\\'";

	private RegistryLimits() {
	}

	/**
	 * A registered model name: present, at most 256 characters, nothing that breaks a
	 * URI.
	 */
	static void requireName(String field, String name) {
		if (name == null || name.isBlank()) {
			throw SlipwayException.invalidArgument(field, "a registered model name is required");
		}
		if (name.length() > MAX_NAME_LENGTH) {
			throw SlipwayException.invalidArgument(field, "at most " + MAX_NAME_LENGTH + " characters");
		}
		if (!name.strip().equals(name) || name.chars().anyMatch((c) -> FORBIDDEN_NAME_CHARACTERS.indexOf(c) >= 0)
				|| name.chars().anyMatch(Character::isISOControl)) {
			throw SlipwayException.invalidArgument(field,
					"'" + name + "' may not contain " + FORBIDDEN_NAME_LIST
							+ " or control characters, nor start or end with spaces: a name must fit in "
							+ "models:/<name>/<version> and in a web address");
		}
	}

	/** A description of at most 65,536 characters (null is none). */
	static void requireDescription(String description) {
		limit("description", description, MAX_DESCRIPTION_LENGTH);
	}

	/** At most 200 tags, each valid. */
	static void requireTags(List<KeyValue> tags) {
		if (tags.size() > MAX_TAGS) {
			throw SlipwayException.invalidArgument("tags", "at most " + MAX_TAGS + " tags");
		}
		for (KeyValue tag : tags) {
			requireTag(tag.key(), tag.value());
		}
	}

	/** A tag: a key of at most 250 characters and a value of at most 5,000. */
	static void requireTag(String key, String value) {
		if (key == null || key.isEmpty()) {
			throw SlipwayException.invalidArgument("key", "a tag key is required");
		}
		limit("key", key, 250);
		if (value == null) {
			throw SlipwayException.invalidArgument("value", "a tag value is required for '" + key + "'");
		}
		limit("value", value, 5000);
	}

	/** A value no longer than {@code max} (null passes). */
	static void limit(String field, String value, int max) {
		if (value != null && value.length() > max) {
			throw SlipwayException.invalidArgument(field, "at most " + max + " characters, got " + value.length());
		}
	}

	/**
	 * Refuses a new tag key on a holder that already carries {@value #MAX_TAGS}; setting
	 * a key it has is always allowed. The keys are read only when the count is at the
	 * limit.
	 */
	static void requireRoomForTag(String holder, long count, Supplier<List<KeyValue>> tags, String key) {
		if (count >= MAX_TAGS && tags.get().stream().noneMatch((tag) -> tag.key().equals(key))) {
			throw SlipwayException.invalidArgument("tags", holder + " carries at most " + MAX_TAGS + " tags");
		}
	}

}
