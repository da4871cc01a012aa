package dev.slipway.registry;

import java.util.Locale;

import dev.slipway.error.SlipwayException;

/** MLflow's model version stages, with their canonical spelling on the wire. */
public enum Stage {

	/** A new version's stage. */
	NONE("None"),

	/** Under test before production. */
	STAGING("Staging"),

	/** Serving production traffic. */
	PRODUCTION("Production"),

	/** Retired; kept for the record. */
	ARCHIVED("Archived");

	private final String wireName;

	Stage(String wireName) {
		this.wireName = wireName;
	}

	/**
	 * The canonical name: {@code None}, {@code Staging}, {@code Production},
	 * {@code Archived}.
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * The stage for a name in any letter case, as MLflow accepts it.
	 * @throws SlipwayException INVALID_ARGUMENT for anything else
	 */
	public static Stage parse(String name) {
		if (name != null) {
			String lower = name.trim().toLowerCase(Locale.ROOT);
			for (Stage stage : values()) {
				if (stage.wireName.toLowerCase(Locale.ROOT).equals(lower)) {
					return stage;
				}
			}
		}
		throw SlipwayException.invalidArgument("stage",
				"'" + name + "' is not a stage; use one of None, Staging, Production, Archived");
	}

}
