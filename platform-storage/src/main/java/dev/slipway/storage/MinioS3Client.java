package dev.slipway.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.minio.MinioAsyncClient;
import io.minio.messages.ListBucketResultV2;

/**
 * The MinIO client plus the one request its public API hides: a single ListObjectsV2
 * response. The SDK's listing iterator yields each response's files before its folders,
 * so a caller stopping early cannot tell whether a smaller folder was still to come; a
 * whole response at a time can be merged correctly. Subclassing is how the SDK exposes
 * its low-level S3 calls.
 */
final class MinioS3Client extends MinioAsyncClient {

	MinioS3Client(MinioAsyncClient client) {
		super(client);
	}

	/**
	 * Wait for a request and rethrow its failure as the SDK's own exception types.
	 */
	<T> T await(CompletableFuture<T> request) throws Exception {
		try {
			return request.get();
		}
		catch (ExecutionException ex) {
			throwEncapsulatedException(ex);
			throw ex;
		}
	}

	/**
	 * List one response's worth of keys and common prefixes under {@code prefix}, with
	 * {@code /} as delimiter; names come back URL-encoded, decoded by the returned items.
	 */
	ListBucketResultV2 listOneLevel(String bucket, String prefix, String startAfter, String continuationToken,
			int maxKeys) throws Exception {
		return await(listObjectsV2Async(bucket, null, "/", "url", startAfter, maxKeys, prefix, continuationToken, false,
				false, null, null))
			.result();
	}

}
