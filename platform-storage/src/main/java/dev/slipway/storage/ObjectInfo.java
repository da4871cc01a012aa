package dev.slipway.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * Metadata of one stored artifact, as returned by {@link ArtifactStore#stat} and
 * {@link ArtifactStore#copy}.
 *
 * @param key the artifact key
 * @param size size in bytes
 * @param lastModified when the object was last written (S3 stores keep whole seconds)
 */
public record ObjectInfo(String key, long size, Instant lastModified) {

	public ObjectInfo {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(lastModified, "lastModified");
		if (size < 0) {
			throw new IllegalArgumentException("size must not be negative: " + size);
		}
	}

}
