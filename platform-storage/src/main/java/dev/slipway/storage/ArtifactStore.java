package dev.slipway.storage;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where Slipway keeps artifact bytes: a flat space of {@code /}-separated keys, read and
 * written as streams of any size, listed one folder level at a time.
 *
 * <p>
 * Every key and prefix is checked with {@link ArtifactKeys}; a bad one raises
 * {@link InvalidArtifactKeyException} before any I/O. Other caller mistakes raise
 * {@link InvalidArtifactRequestException}, a missing artifact
 * {@link ArtifactNotFoundException}, and storage failures {@link ArtifactStoreException}.
 * Implementations are thread-safe.
 */
public interface ArtifactStore extends AutoCloseable {

	/** Largest page a listing returns. */
	int MAX_PAGE_SIZE = 1000;

	/**
	 * Store {@code content} under {@code key}, replacing any artifact already there. The
	 * size and SHA-256 are measured while the content streams through, so any size works
	 * in bounded memory. Either the whole content becomes visible at once or, on any
	 * failure, nothing does. The caller keeps ownership of {@code content} and closes it.
	 * @param key the artifact key
	 * @param content the bytes to store, read to the end
	 * @param size the number of bytes {@code content} will deliver, or {@code -1} when
	 * unknown; when given, a different count fails the upload with
	 * {@link InvalidArtifactRequestException}
	 * @return the key, size and SHA-256 of what was stored
	 */
	StoredObject put(String key, InputStream content, long size);

	/**
	 * Open an artifact for reading. The caller closes the stream.
	 * @param key the artifact key
	 * @return the artifact's bytes
	 * @throws ArtifactNotFoundException if there is no artifact under {@code key}
	 */
	default InputStream get(String key) {
		return get(key, 0, -1);
	}

	/**
	 * Open part of an artifact for reading. A range running past the end is cut at the
	 * end; an {@code offset} equal to the size gives an empty stream. The caller closes
	 * the stream.
	 * @param key the artifact key
	 * @param offset first byte to read, from {@code 0} to the artifact's size
	 * @param length how many bytes to read at most, or {@code -1} to read to the end
	 * @return the requested bytes
	 * @throws ArtifactNotFoundException if there is no artifact under {@code key}
	 * @throws InvalidArtifactRequestException if {@code offset} is negative or beyond the
	 * end, or {@code length} is below {@code -1}
	 */
	InputStream get(String key, long offset, long length);

	/**
	 * Describe an artifact.
	 * @param key the artifact key
	 * @return its size and modification time, or empty when there is no artifact (a
	 * directory is not an artifact)
	 */
	Optional<ObjectInfo> stat(String key);

	/**
	 * List the files and directories directly under {@code prefix}, one page at a time.
	 * Names no valid key could reach are left out.
	 * @param prefix the folder to list, {@code ""} for the root; a trailing {@code /} is
	 * optional
	 * @param pageToken {@code null} for the first page, else the previous page's
	 * {@link ListPage#nextPageToken()}
	 * @param pageSize how many entries at most, from 1 to {@value #MAX_PAGE_SIZE}
	 * @return the page; empty when the folder does not exist
	 */
	ListPage list(String prefix, String pageToken, int pageSize);

	/**
	 * Delete one artifact. Deleting a missing artifact is not an error, and a directory
	 * is left alone: use {@link #deletePrefix} for those.
	 * @param key the artifact key
	 */
	void delete(String key);

	/**
	 * Delete every artifact under a folder, at any depth. {@code runs/1} covers
	 * {@code runs/1/a} but not {@code runs/10}; {@code ""} covers the whole store.
	 * @param prefix the folder to empty
	 * @return how many artifacts were deleted
	 */
	long deletePrefix(String prefix);

	/**
	 * Copy an artifact, replacing any artifact under {@code targetKey}. S3 stores copy on
	 * the server side.
	 * @param sourceKey the artifact to copy
	 * @param targetKey the key of the copy
	 * @return metadata of the copy
	 * @throws ArtifactNotFoundException if there is no artifact under {@code sourceKey}
	 */
	ObjectInfo copy(String sourceKey, String targetKey);

	/**
	 * Check that the store can be used, for readiness probes and start-up.
	 * @throws ArtifactStoreException saying what is wrong
	 */
	void checkHealth();

	/**
	 * Say where the artifacts live, for start-up logs; never contains credentials.
	 * @return e.g. {@code local folder /var/lib/slipway/artifacts} or
	 * {@code s3://bucket/prefix at http://minio:9000}
	 */
	String describe();

	/**
	 * The kind of store, as the system overview shows it.
	 * @return {@code s3} or {@code local}
	 */
	default String kind() {
		return "local";
	}

	/**
	 * Release connections and threads; the store cannot be used afterwards.
	 */
	@Override
	default void close() {
	}

}
