package dev.slipway.error;

/**
 * What Slipway cannot work without; each has its own outage state
 * ({@link DependencyOutages}).
 */
public enum Dependency {

	DATABASE("database"),

	ARTIFACT_STORE("artifact store");

	private final String label;

	Dependency(String label) {
		this.label = label;
	}

	/** The name people read, as in "the database is unavailable". */
	public String label() {
		return this.label;
	}

}
