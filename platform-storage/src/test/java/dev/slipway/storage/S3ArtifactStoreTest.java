package dev.slipway.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.slipway.storage.TestContent.failingAfter;
import static dev.slipway.storage.TestContent.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs the contract against an in-process s3proxy backed by a temporary folder, started
 * once for the class; each test gets a store under its own prefix of one bucket.
 */
class S3ArtifactStoreTest extends ArtifactStoreContract {

	private static final String BUCKET = "artifacts";

	private static final String PLAIN_BUCKET = "plain";

	private static final AtomicInteger prefixes = new AtomicInteger();

	@TempDir
	static Path blobs;

	private static S3TestServer server;

	private static String endpoint;

	private S3ArtifactStore store;

	@BeforeAll
	static void startS3Proxy() {
		server = S3TestServer.start(blobs);
		endpoint = server.endpoint();
		server.createBucket(BUCKET);
		server.createBucket(PLAIN_BUCKET);
	}

	@AfterAll
	static void stopS3Proxy() {
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void openStore() {
		this.store = S3ArtifactStore.open(options(), BUCKET, "slipway/test-" + prefixes.incrementAndGet());
	}

	@AfterEach
	void closeStore() {
		this.store.close();
	}

	@Override
	protected ArtifactStore store() {
		return this.store;
	}

	@Test
	void storesUnderDifferentPrefixesDoNotSeeEachOther() {
		try (S3ArtifactStore other = S3ArtifactStore.open(options(), BUCKET,
				"slipway/other-" + prefixes.incrementAndGet())) {
			other.put("shared-name.txt", stream("other"), 5);

			assertThat(this.store.stat("shared-name.txt")).isEmpty();
			assertThat(this.store.list("", null, 10).entries()).isEmpty();
			assertThat(this.store.deletePrefix("")).isZero();
			assertThat(other.stat("shared-name.txt")).isPresent();
		}
	}

	@Test
	void aStoreWithoutPrefixUsesTheWholeBucket() {
		try (S3ArtifactStore plain = S3ArtifactStore.open(options(), PLAIN_BUCKET, "")) {
			plain.put("runs/1/a.txt", stream("a"), 1);

			assertThat(plain.list("", null, 10).entries()).containsExactly(new ListEntry("runs", true, 0));
			assertThat(plain.describe()).isEqualTo("s3://plain at " + endpoint);
			assertThat(plain.deletePrefix("")).isEqualTo(1);
		}
	}

	@Test
	void describeNamesBucketPrefixAndEndpointButNoSecret() {
		assertThat(this.store.describe()).matches("s3://artifacts/slipway/test-\\d+ at http://127\\.0\\.0\\.1:\\d+")
			.doesNotContain(server.secretKey());
	}

	@Test
	void aMissingBucketFailsTheHealthCheck() {
		try (S3ArtifactStore missing = S3ArtifactStore.open(options(), "missing", "x")) {
			assertThat(missing.bucketExists()).isFalse();
			assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(missing::checkHealth)
				.withMessage("bucket missing does not exist at " + endpoint);
			assertThatExceptionOfType(ArtifactStoreException.class)
				.isThrownBy(() -> missing.put("a.txt", stream("a"), 1))
				.withMessage("upload of a.txt failed: bucket missing does not exist at " + endpoint);
		}
	}

	@Test
	void anUnreachableServiceFailsTheHealthCheck() throws IOException {
		String closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = "http://127.0.0.1:" + socket.getLocalPort();
		}
		S3Options options = new S3Options(closed, "us-east-1", server.accessKey(), server.secretKey());
		try (S3ArtifactStore unreachable = S3ArtifactStore.open(options, BUCKET, "")) {
			assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(unreachable::checkHealth)
				.withMessageStartingWith("bucket check failed: cannot talk to " + closed + ": ")
				.withMessageNotContaining(server.secretKey());
		}
	}

	@Test
	void aWrongSecretIsReportedWithoutRepeatingIt() {
		String wrongSecret = "wrong-secret-0123456789";
		try (S3ArtifactStore wrong = S3ArtifactStore
			.open(new S3Options(endpoint, "us-east-1", server.accessKey(), wrongSecret), BUCKET, "")) {
			assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(() -> wrong.put("a.txt", stream("a"), 1))
				.withMessageStartingWith("upload of a.txt in s3://artifacts at " + endpoint + " failed: ")
				.withMessageNotContaining(wrongSecret);
			assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(wrong::checkHealth)
				.withMessageNotContaining(wrongSecret);
		}
	}

	@Test
	void knownSizesTooLargeForTenThousandPartsGetLargerParts() {
		long configured = S3Options.DEFAULT_PART_SIZE;

		assertThat(S3ArtifactStore.partSize(-1, configured)).isEqualTo(configured);
		assertThat(S3ArtifactStore.partSize(configured * 10_000, configured)).isEqualTo(configured);
		// 200 GiB / 10,000 parts = 20.48 MiB, rounded up to whole MiB.
		assertThat(S3ArtifactStore.partSize(200L << 30, configured)).isEqualTo(21L << 20);
	}

	@Test
	void aFailedMultipartUploadLeavesNoPartsBehind() {
		String prefix = "slipway/aborted-" + prefixes.incrementAndGet();
		try (S3ArtifactStore small = S3ArtifactStore.open(server.options(S3Options.MIN_PART_SIZE), BUCKET, prefix)) {
			// Two whole parts reach the bucket before the content fails: once as a
			// dropped connection, once with an unchecked exception, which the SDK's
			// own clean-up does not see.
			assertThatExceptionOfType(ArtifactStoreException.class)
				.isThrownBy(() -> small.put("dropped.bin", failingAfter(12L << 20), -1));
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> small.put("broken.bin", brokenAfter(12L << 20), -1));

			assertThat(server.incompleteUploads(BUCKET, prefix)).isEmpty();
			assertThat(small.stat("dropped.bin")).isEmpty();
			assertThat(small.stat("broken.bin")).isEmpty();
		}
	}

	private static InputStream brokenAfter(long goodBytes) {
		InputStream good = new GeneratedContent(goodBytes, 3);
		return new InputStream() {
			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int read = good.read(buffer, offset, length);
				if (read < 0) {
					throw new IllegalStateException("content source broke");
				}
				return read;
			}
		};
	}

	@Test
	void aHungServiceFailsWithinTheReadTimeout() throws Exception {
		// Accepts connections and never answers: a paused S3 endpoint.
		try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			S3Options options = new S3Options("http://127.0.0.1:" + hung.getLocalPort(), "us-east-1",
					server.accessKey(), server.secretKey(), S3Options.DEFAULT_PART_SIZE, Duration.ofMillis(500),
					Duration.ofMillis(300));
			try (S3ArtifactStore store = S3ArtifactStore.open(options, BUCKET, "")) {
				long start = System.nanoTime();
				assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(() -> store.stat("a.txt"))
					.withMessageContaining("timeout");
				assertThatExceptionOfType(ArtifactStoreException.class)
					.isThrownBy(() -> store.put("a.txt", stream("a"), 1));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			}
		}
	}

	private static S3Options options() {
		return server.options(S3Options.DEFAULT_PART_SIZE);
	}

}
