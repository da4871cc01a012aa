package dev.slipway.storage;

/**
 * Raised when an artifact that must exist does not.
 */
public class ArtifactNotFoundException extends ArtifactStoreException {

	private static final long serialVersionUID = 1L;

	private final String key;

	public ArtifactNotFoundException(String key) {
		super("artifact not found: " + key);
		this.key = key;
	}

	/**
	 * Return the key that was not found.
	 * @return the artifact key
	 */
	public String key() {
		return this.key;
	}

}
