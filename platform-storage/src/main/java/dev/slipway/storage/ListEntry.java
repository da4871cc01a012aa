package dev.slipway.storage;

import java.util.Objects;

/**
 * One entry of a {@link ListPage}: a file or a directory directly under the listed
 * prefix.
 *
 * @param path full artifact key of the entry, without a trailing {@code /} for
 * directories, so it can be passed back to {@link ArtifactStore#list} or
 * {@link ArtifactStore#get}
 * @param directory whether the entry is a directory (a common prefix in S3 terms)
 * @param size size in bytes of a file, {@code 0} for a directory
 */
public record ListEntry(String path, boolean directory, long size) {

	public ListEntry {
		Objects.requireNonNull(path, "path");
		if (size < 0) {
			throw new IllegalArgumentException("size must not be negative: " + size);
		}
	}

}
