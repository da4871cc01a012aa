package dev.slipway.storage;

/**
 * Raised when the caller asked for something no store can do: a bad key, a page size out
 * of bounds, a malformed page token, a range beyond the end, content whose length differs
 * from the declared size.
 */
public class InvalidArtifactRequestException extends ArtifactStoreException {

	private static final long serialVersionUID = 1L;

	public InvalidArtifactRequestException(String message) {
		super(message);
	}

}
