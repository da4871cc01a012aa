package dev.slipway.storage;

import java.util.Objects;

/**
 * What {@link ArtifactStore#put} stored: the key, the byte count and the SHA-256 of the
 * bytes, both measured while the content streamed through.
 *
 * @param key the artifact key
 * @param size number of bytes stored
 * @param sha256Hex lower-case hex SHA-256 of the stored bytes
 */
public record StoredObject(String key, long size, String sha256Hex) {

	public StoredObject {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(sha256Hex, "sha256Hex");
		if (size < 0) {
			throw new IllegalArgumentException("size must not be negative: " + size);
		}
	}

}
