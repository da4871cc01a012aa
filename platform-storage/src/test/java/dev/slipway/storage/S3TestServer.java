package dev.slipway.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.messages.Upload;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * An S3-compatible server inside the test JVM (s3proxy over a folder), on a free loopback
 * port with AWS signature authentication: real S3 wire traffic without Docker. Shared
 * with the modules above through the test-jar.
 */
public final class S3TestServer implements AutoCloseable {

	private static final String ACCESS_KEY = "slipway-test";

	private static final String SECRET_KEY = "slipway-test-secret-5b1f";

	private final S3Proxy proxy;

	private final String endpoint;

	private S3TestServer(S3Proxy proxy) {
		this.proxy = proxy;
		this.endpoint = "http://127.0.0.1:" + proxy.getPort();
	}

	/** Starts a server that keeps its objects in {@code folder}. */
	public static S3TestServer start(Path folder) {
		S3Proxy proxy = S3Proxy.builder()
			.blobStore(new FilesystemNio2BlobStore(folder.toString()))
			.endpoint(URI.create("http://127.0.0.1:0"))
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
			.stopTimeout(0)
			.build();
		try {
			proxy.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("s3proxy did not start", ex);
		}
		return new S3TestServer(proxy);
	}

	/** Creates {@code bucket}. */
	public void createBucket(String bucket) {
		try (MinioClient admin = MinioClient.builder()
			.endpoint(this.endpoint)
			.credentials(ACCESS_KEY, SECRET_KEY)
			.build()) {
			admin.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot create bucket " + bucket, ex);
		}
	}

	/** Object names of the multipart uploads begun and neither completed nor aborted. */
	public List<String> incompleteUploads(String bucket, String prefix) {
		try (MinioAsyncClient admin = MinioAsyncClient.builder()
			.endpoint(this.endpoint)
			.credentials(ACCESS_KEY, SECRET_KEY)
			.build()) {
			return admin.listMultipartUploadsAsync(bucket, null, null, null, null, 1000, prefix, null, null, null)
				.get()
				.result()
				.uploads()
				.stream()
				.map(Upload::objectName)
				.toList();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot list the multipart uploads of " + bucket, ex);
		}
	}

	/** The S3 endpoint URL, e.g. {@code http://127.0.0.1:40123}. */
	public String endpoint() {
		return this.endpoint;
	}

	public String accessKey() {
		return ACCESS_KEY;
	}

	public String secretKey() {
		return SECRET_KEY;
	}

	/** Options reaching this server with the given part size. */
	public S3Options options(long partSize) {
		return new S3Options(this.endpoint, "us-east-1", ACCESS_KEY, SECRET_KEY, partSize);
	}

	@Override
	public void close() {
		try {
			this.proxy.stop();
		}
		catch (Exception ex) {
			throw new IllegalStateException("s3proxy did not stop", ex);
		}
	}

}
