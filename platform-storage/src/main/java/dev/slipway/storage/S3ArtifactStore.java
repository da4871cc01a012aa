package dev.slipway.storage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.minio.BucketExistsArgs;
import io.minio.ComposeObjectArgs;
import io.minio.ComposeSource;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.ListMultipartUploadsResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.HttpUtils;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import io.minio.messages.ListBucketResultV2;
import io.minio.messages.Prefix;
import io.minio.messages.Upload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ArtifactStore} in a bucket of an S3-compatible service (AWS S3, MinIO, Ceph,
 * s3proxy), through the MinIO Java SDK. Artifacts live under {@code prefix/} in the
 * bucket; the SDK uses path-style URLs for every endpoint but AWS's.
 *
 * <p>
 * Uploads larger than the part size (or of unknown size) go up as multipart uploads, one
 * part in memory at a time; a failed one is aborted, so nothing appears. Objects carry no
 * Slipway metadata: the SHA-256 is returned by {@link #put} and is the caller's to keep.
 */
public final class S3ArtifactStore implements ArtifactStore {

	private static final Logger logger = LoggerFactory.getLogger(S3ArtifactStore.class);

	/** CopyObject's limit; larger objects are copied part by part. */
	private static final long MAX_SINGLE_COPY_SIZE = 5L << 30;

	/** DeleteObjects takes at most this many keys per request. */
	private static final int DELETE_BATCH_SIZE = 1000;

	private static final int MAX_PARTS = 10_000;

	private static final String NO_SUCH_KEY = "NoSuchKey";

	private static final String NO_SUCH_BUCKET = "NoSuchBucket";

	private static final String INVALID_RANGE = "InvalidRange";

	private final MinioS3Client client;

	private final S3Options options;

	private final String bucket;

	private final String prefix;

	private S3ArtifactStore(MinioS3Client client, S3Options options, String bucket, String prefix) {
		this.client = client;
		this.options = options;
		this.bucket = bucket;
		this.prefix = prefix;
	}

	/**
	 * Open a store; no request is made until the store is used.
	 * @param options how to reach the service
	 * @param bucket the bucket, which must exist
	 * @param prefix folder inside the bucket holding the artifacts, {@code ""} or
	 * {@code null} for the bucket's root
	 * @return the store
	 * @throws ArtifactStoreException if an argument is invalid
	 */
	public static S3ArtifactStore open(S3Options options, String bucket, String prefix) {
		Objects.requireNonNull(options, "options");
		try {
			// The SDK's own bucket name rules, checked now rather than on the
			// first request.
			BucketExistsArgs.builder().bucket(bucket);
		}
		catch (IllegalArgumentException ex) {
			throw new ArtifactStoreException("S3 bucket name is not valid: " + ex.getMessage(), ex);
		}
		String folder = ArtifactKeys.normalizePrefix(prefix);
		MinioAsyncClient.Builder builder = MinioAsyncClient.builder();
		try {
			builder.endpoint(options.endpoint());
		}
		catch (IllegalArgumentException ex) {
			throw new ArtifactStoreException("S3 endpoint " + options.endpoint() + " is not usable: " + ex.getMessage(),
					ex);
		}
		if (options.region() != null) {
			builder.region(options.region());
		}
		if (options.accessKey() != null) {
			builder.credentials(options.accessKey(), options.secretKey());
		}
		// The SDK's own client waits five minutes for a connection or a byte: a paused
		// service would hold every caller that long. The read timeout bounds each wait
		// for bytes, not a whole transfer, so large artifacts still stream.
		builder.httpClient(HttpUtils.newDefaultHttpClient(options.connectTimeout().toMillis(),
				options.readTimeout().toMillis(), options.readTimeout().toMillis()), true);
		return new S3ArtifactStore(new MinioS3Client(builder.build()), options, bucket, folder);
	}

	@Override
	public StoredObject put(String key, InputStream content, long size) {
		ArtifactKeys.requireValidKey(key);
		UploadStream upload = new UploadStream(content, size, key);
		long partSize = partSize(size, this.options.partSize());
		Instant started = Instant.now();
		try {
			this.client.await(this.client.putObject(PutObjectArgs.builder()
				.bucket(this.bucket)
				.object(objectName(key))
				.stream(upload, size, partSize)
				.contentType("application/octet-stream")
				.build()));
			return upload.stored();
		}
		catch (Exception ex) {
			if (size < 0 || size > partSize) {
				abortUploads(objectName(key), started);
			}
			if (upload.failure() != null) {
				throw upload.failure();
			}
			throw translate("upload of " + key, key, ex);
		}
	}

	@Override
	public InputStream get(String key, long offset, long length) {
		ArtifactKeys.requireValidKey(key);
		StoreChecks.checkRange(key, offset, length);
		if (length == 0) {
			// S3 has no empty range; check the artifact and the offset, then
			// answer nothing.
			long size = sizeOf(key);
			if (offset > size) {
				throw StoreChecks.beyondEnd(key, offset, size);
			}
			return InputStream.nullInputStream();
		}
		GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(this.bucket).object(objectName(key));
		if (offset > 0 || length > 0) {
			args.offset(offset);
			if (length > 0) {
				args.length(length);
			}
		}
		try {
			return this.client.await(this.client.getObject(args.build()));
		}
		catch (ErrorResponseException ex) {
			if (INVALID_RANGE.equals(ex.errorResponse().code())) {
				// S3 refuses a range starting at the end; the contract answers
				// it with nothing.
				long size = sizeOf(key);
				if (offset > size) {
					throw StoreChecks.beyondEnd(key, offset, size);
				}
				if (offset == size) {
					return InputStream.nullInputStream();
				}
			}
			throw translate("download of " + key, key, ex);
		}
		catch (Exception ex) {
			throw translate("download of " + key, key, ex);
		}
	}

	@Override
	public Optional<ObjectInfo> stat(String key) {
		ArtifactKeys.requireValidKey(key);
		try {
			StatObjectResponse response = this.client.await(this.client
				.statObject(StatObjectArgs.builder().bucket(this.bucket).object(objectName(key)).build()));
			return Optional.of(new ObjectInfo(key, response.size(), response.lastModified().toInstant()));
		}
		catch (Exception ex) {
			ArtifactStoreException failure = translate("stat of " + key, key, ex);
			if (failure instanceof ArtifactNotFoundException) {
				return Optional.empty();
			}
			throw failure;
		}
	}

	@Override
	public ListPage list(String prefix, String pageToken, int pageSize) {
		String folder = ArtifactKeys.normalizePrefix(prefix);
		Listings.checkPageSize(pageSize);
		String after = Listings.decodeToken(pageToken);
		String listed = folderName(folder);
		String startAfter = (after != null) ? listed + after : null;
		// One more to know whether a next page exists, one more for a folder
		// repeated after a token that ends in it.
		int maxKeys = Math.min(pageSize + 2, MAX_PAGE_SIZE);
		NavigableMap<String, Long> smallest = new TreeMap<>(Listings.ORDER);
		try {
			String continuation = null;
			do {
				// Responses cover consecutive ranges of names, so once whole
				// responses have given enough entries, no later one can hold a
				// smaller name.
				ListBucketResultV2 response = this.client.listOneLevel(this.bucket, listed.isEmpty() ? null : listed,
						startAfter, continuation, maxKeys);
				for (Item item : response.contents()) {
					item.setEncodingType(response.encodingType());
					consider(smallest, item.objectName().substring(listed.length()), item.size(), after, pageSize);
				}
				for (Prefix commonPrefix : response.commonPrefixes()) {
					Item item = commonPrefix.toItem();
					item.setEncodingType(response.encodingType());
					consider(smallest, item.objectName().substring(listed.length()), 0, after, pageSize);
				}
				continuation = response.isTruncated() ? response.nextContinuationToken() : null;
			}
			while (continuation != null && smallest.size() <= pageSize);
		}
		catch (Exception ex) {
			throw translate("listing of " + StoreChecks.displayPrefix(folder), folder, ex);
		}
		return Listings.page(folder, smallest, pageSize);
	}

	private static void consider(NavigableMap<String, Long> smallest, String rawName, long size, String after,
			int pageSize) {
		boolean directory = rawName.endsWith("/");
		String name = directory ? rawName.substring(0, rawName.length() - 1) : rawName;
		// A folder marker object ("folder/") lists as an empty name; skip it
		// too.
		if (ArtifactKeys.isValidSegment(name) && Listings.isAfter(rawName, after)) {
			smallest.put(rawName, directory ? 0L : size);
			if (smallest.size() > pageSize + 1) {
				smallest.pollLastEntry();
			}
		}
	}

	@Override
	public void delete(String key) {
		ArtifactKeys.requireValidKey(key);
		try {
			this.client.await(this.client
				.removeObject(RemoveObjectArgs.builder().bucket(this.bucket).object(objectName(key)).build()));
		}
		catch (Exception ex) {
			ArtifactStoreException failure = translate("deletion of " + key, key, ex);
			if (!(failure instanceof ArtifactNotFoundException)) {
				throw failure;
			}
		}
	}

	@Override
	public long deletePrefix(String prefix) {
		String folder = ArtifactKeys.normalizePrefix(prefix);
		String listed = folderName(folder);
		String what = "deletion of " + StoreChecks.displayPrefix(folder);
		long deleted = 0;
		String startAfter = null;
		try {
			while (true) {
				// A fresh listing per batch, resuming after the last key,
				// rather than one listing paged across deletions it would have
				// to survive.
				List<String> batch = nextBatch(listed, startAfter);
				if (batch.isEmpty()) {
					return deleted;
				}
				removeBatch(batch, what);
				deleted += batch.size();
				if (batch.size() < DELETE_BATCH_SIZE) {
					return deleted;
				}
				startAfter = batch.get(batch.size() - 1);
			}
		}
		catch (ArtifactStoreException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw translate(what, folder, ex);
		}
	}

	@Override
	public ObjectInfo copy(String sourceKey, String targetKey) {
		ArtifactKeys.requireValidKey(sourceKey);
		ArtifactKeys.requireValidKey(targetKey);
		ObjectInfo source = stat(sourceKey).orElseThrow(() -> new ArtifactNotFoundException(sourceKey));
		String what = "copy of " + sourceKey + " to " + targetKey;
		try {
			if (source.size() > MAX_SINGLE_COPY_SIZE) {
				// ComposeObject splits a large source into UploadPartCopy
				// requests.
				this.client.await(this.client.composeObject(ComposeObjectArgs.builder()
					.bucket(this.bucket)
					.object(objectName(targetKey))
					.sources(List.of(ComposeSource.builder().bucket(this.bucket).object(objectName(sourceKey)).build()))
					.build()));
			}
			else {
				this.client.await(this.client.copyObject(CopyObjectArgs.builder()
					.bucket(this.bucket)
					.object(objectName(targetKey))
					.source(CopySource.builder().bucket(this.bucket).object(objectName(sourceKey)).build())
					.build()));
			}
		}
		catch (Exception ex) {
			throw translate(what, sourceKey, ex);
		}
		return stat(targetKey).orElseThrow(() -> new ArtifactNotFoundException(targetKey));
	}

	/**
	 * Ask whether the bucket exists, for start-up checks.
	 * @return whether it exists
	 * @throws ArtifactStoreException if the service cannot be asked
	 */
	public boolean bucketExists() {
		try {
			return this.client.await(this.client.bucketExists(BucketExistsArgs.builder().bucket(this.bucket).build()));
		}
		catch (Exception ex) {
			throw translate("bucket check", null, ex);
		}
	}

	@Override
	public void checkHealth() {
		if (!bucketExists()) {
			throw new ArtifactStoreException(missingBucket());
		}
	}

	@Override
	public String kind() {
		return "s3";
	}

	@Override
	public String describe() {
		return "s3://" + this.bucket + (this.prefix.isEmpty() ? "" : "/" + this.prefix) + " at "
				+ this.options.endpoint();
	}

	@Override
	public void close() {
		try {
			this.client.close();
		}
		catch (Exception ex) {
			logger.debug("Could not close the S3 client of {}", describe(), ex);
		}
	}

	private List<String> nextBatch(String listed, String startAfter) throws Exception {
		ListObjectsArgs.Builder args = ListObjectsArgs.builder()
			.bucket(this.bucket)
			.recursive(true)
			.maxKeys(DELETE_BATCH_SIZE);
		if (!listed.isEmpty()) {
			args.prefix(listed);
		}
		if (startAfter != null) {
			args.startAfter(startAfter);
		}
		List<String> batch = new ArrayList<>();
		for (Result<Item> result : this.client.listObjects(args.build())) {
			batch.add(result.get().objectName());
			if (batch.size() == DELETE_BATCH_SIZE) {
				break;
			}
		}
		return batch;
	}

	private void removeBatch(List<String> names, String what) throws Exception {
		List<DeleteObject> objects = new ArrayList<>(names.size());
		for (String name : names) {
			objects.add(new DeleteObject(name));
		}
		// The SDK sends nothing until its lazy result is iterated.
		Iterable<Result<DeleteError>> results = this.client
			.removeObjects(RemoveObjectsArgs.builder().bucket(this.bucket).objects(objects).build());
		int failed = 0;
		DeleteError first = null;
		for (Result<DeleteError> result : results) {
			DeleteError error = result.get();
			if (!NO_SUCH_KEY.equals(error.code())) {
				failed++;
				first = (first != null) ? first : error;
			}
		}
		if (first != null) {
			throw new ArtifactStoreException(scrub(what + " in " + describe() + " failed for " + failed
					+ " objects, first " + first.objectName() + ": " + first.code() + " (" + first.message() + ")"));
		}
	}

	/**
	 * Abort the multipart uploads of {@code objectName} begun since {@code started}: the
	 * SDK leaves the parts of a failed upload in the bucket, where they cost storage
	 * until a lifecycle rule removes them. Best effort: the upload's own failure is what
	 * the caller hears about.
	 */
	private void abortUploads(String objectName, Instant started) {
		// Clocks of client and service differ; a minute of slack keeps the upload
		// in view.
		Instant since = started.minusSeconds(60);
		try {
			ListMultipartUploadsResponse response = this.client.await(this.client.listMultipartUploadsAsync(this.bucket,
					null, null, null, null, 1000, objectName, null, null, null));
			for (Upload upload : response.result().uploads()) {
				if (objectName.equals(upload.objectName())
						&& (upload.initiated() == null || !upload.initiated().toInstant().isBefore(since))) {
					this.client.await(this.client.abortMultipartUploadAsync(this.bucket, null, objectName,
							upload.uploadId(), null, null));
				}
			}
		}
		catch (Exception ex) {
			logger.info("Could not abort the failed upload of {} in {}: {}", objectName, describe(), ex.getMessage());
		}
	}

	private long sizeOf(String key) {
		return stat(key).orElseThrow(() -> new ArtifactNotFoundException(key)).size();
	}

	/**
	 * The part size for an upload: the configured one, unless a known size needs larger
	 * parts to fit in S3's 10,000.
	 */
	static long partSize(long size, long configured) {
		if (size <= configured * MAX_PARTS) {
			return configured;
		}
		long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
		long mebibyte = 1L << 20;
		return (needed + mebibyte - 1) / mebibyte * mebibyte;
	}

	private String objectName(String key) {
		return this.prefix.isEmpty() ? key : this.prefix + "/" + key;
	}

	/**
	 * The S3 prefix of a folder: with a trailing slash, or empty for the bucket's root.
	 */
	private String folderName(String folder) {
		String name = this.prefix.isEmpty() ? folder : (folder.isEmpty() ? this.prefix : this.prefix + "/" + folder);
		return name.isEmpty() ? "" : name + "/";
	}

	private String missingBucket() {
		return "bucket " + this.bucket + " does not exist at " + this.options.endpoint();
	}

	/**
	 * Turn an SDK failure into the store's exceptions, with a message naming what failed
	 * and why, without credentials.
	 */
	private ArtifactStoreException translate(String what, String key, Exception ex) {
		if (ex instanceof ArtifactStoreException storeException) {
			return storeException;
		}
		if (ex instanceof ErrorResponseException response) {
			String code = response.errorResponse().code();
			if (NO_SUCH_KEY.equals(code) && key != null) {
				return new ArtifactNotFoundException(key);
			}
			if (NO_SUCH_BUCKET.equals(code)) {
				return new ArtifactStoreException(scrub(what + " failed: " + missingBucket()), ex);
			}
			return new ArtifactStoreException(scrub(
					what + " in " + describe() + " failed: " + code + " (" + response.errorResponse().message() + ")"),
					ex);
		}
		if (ex instanceof IOException) {
			return new ArtifactStoreException(
					scrub(what + " failed: cannot talk to " + this.options.endpoint() + ": " + ex.getMessage()), ex);
		}
		if (ex instanceof InterruptedException || ex.getCause() instanceof InterruptedException) {
			// The SDK wraps an interrupt in a RuntimeException; keep the flag
			// for the caller.
			Thread.currentThread().interrupt();
		}
		return new ArtifactStoreException(scrub(what + " in " + describe() + " failed: " + ex.getMessage()), ex);
	}

	/**
	 * Mask the secret key, should a server or library ever echo it.
	 */
	private String scrub(String message) {
		String secret = this.options.secretKey();
		// A secret of a few characters would also mask ordinary words.
		return (secret == null || secret.length() < 4 || message == null) ? message : message.replace(secret, "****");
	}

}
