package dev.slipway.storage;

import java.util.concurrent.atomic.AtomicInteger;

import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Runs the contract against a real MinIO server in Docker; skipped where Docker is not
 * available, even on CI, which has none: {@link S3ArtifactStoreTest} runs the same
 * contract against s3proxy everywhere.
 */
@Requires(Requirement.DOCKER)
@Testcontainers
class MinioContainerArtifactStoreTest extends ArtifactStoreContract {

	private static final String BUCKET = "artifacts";

	private static final AtomicInteger prefixes = new AtomicInteger();

	@Container
	static final MinIOContainer minio = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");

	private S3ArtifactStore store;

	@BeforeAll
	static void createBucket() throws Exception {
		try (MinioClient admin = MinioClient.builder()
			.endpoint(minio.getS3URL())
			.credentials(minio.getUserName(), minio.getPassword())
			.build()) {
			admin.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
		}
	}

	@BeforeEach
	void openStore() {
		S3Options options = new S3Options(minio.getS3URL(), "us-east-1", minio.getUserName(), minio.getPassword());
		this.store = S3ArtifactStore.open(options, BUCKET, "test-" + prefixes.incrementAndGet());
	}

	@AfterEach
	void closeStore() {
		this.store.close();
	}

	@Override
	protected ArtifactStore store() {
		return this.store;
	}

}
