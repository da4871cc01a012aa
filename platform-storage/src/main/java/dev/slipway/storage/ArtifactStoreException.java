package dev.slipway.storage;

/**
 * Base of every failure raised by an {@link ArtifactStore}; on its own it means the
 * storage itself failed (unreachable, I/O error), not the caller. Messages never contain
 * credentials.
 */
public class ArtifactStoreException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ArtifactStoreException(String message) {
		super(message);
	}

	public ArtifactStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
