package dev.slipway.storage;

/**
 * Raised when an artifact key or prefix breaks the rules of {@link ArtifactKeys}; the
 * message says which rule and shows the key.
 */
public class InvalidArtifactKeyException extends InvalidArtifactRequestException {

	private static final long serialVersionUID = 1L;

	public InvalidArtifactKeyException(String message) {
		super(message);
	}

}
