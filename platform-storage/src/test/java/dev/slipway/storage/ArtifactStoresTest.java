package dev.slipway.storage;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ArtifactStoresTest {

	private static final S3Options S3 = new S3Options("http://127.0.0.1:9000", "us-east-1", "key", "secret-value");

	@TempDir
	Path folder;

	@Test
	void aPlainPathOpensALocalStore() throws Exception {
		try (ArtifactStore store = ArtifactStores.open(this.folder.resolve("plain").toString(), null)) {
			assertThat(store).isInstanceOf(LocalArtifactStore.class);
			assertThat(store.describe()).isEqualTo("local folder " + this.folder.toRealPath().resolve("plain"));
		}
	}

	@Test
	void aFileUriOpensALocalStore() throws Exception {
		try (ArtifactStore store = ArtifactStores.open(this.folder.resolve("uri").toUri().toString(), S3)) {
			assertThat(store).isInstanceOf(LocalArtifactStore.class);
			assertThat(store.describe()).isEqualTo("local folder " + this.folder.toRealPath().resolve("uri"));
		}
	}

	@ParameterizedTest
	@CsvSource(delimiterString = "->", textBlock = """
			s3://artifacts                  -> s3://artifacts at http://127.0.0.1:9000
			s3://artifacts/                 -> s3://artifacts at http://127.0.0.1:9000
			s3://artifacts/slipway/prod     -> s3://artifacts/slipway/prod at http://127.0.0.1:9000
			S3://artifacts/slipway/prod/    -> s3://artifacts/slipway/prod at http://127.0.0.1:9000
			""")
	void anS3UriOpensAnS3StoreWithoutContactingIt(String location, String description) {
		try (ArtifactStore store = ArtifactStores.open(location, S3)) {
			assertThat(store).isInstanceOf(S3ArtifactStore.class);
			assertThat(store.describe()).isEqualTo(description);
		}
	}

	@ParameterizedTest
	@CsvSource(delimiterString = "->",
			textBlock = """
					'   '                      -> artifact location must not be empty
					gs://bucket/x              -> artifact location gs://bucket/x has the unsupported scheme 'gs'; use s3://bucket/prefix, file:///path or a plain path
					s3:bucket                  -> artifact location s3:bucket must look like s3://bucket or s3://bucket/prefix
					s3://                      -> artifact location s3:// has no bucket; use s3://bucket or s3://bucket/prefix
					s3:///prefix               -> artifact location s3:///prefix has no bucket; use s3://bucket or s3://bucket/prefix
					s3://bucket/x?versionId=1  -> artifact location s3://bucket/x?versionId=1 must not have a query or fragment; use s3://bucket/prefix
					s3://bucket/a/../b         -> artifact prefix must not contain '..' segments: a/../b
					""")
	void invalidLocationsAreRejectedWithAClearMessage(String location, String message) {
		assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(() -> ArtifactStores.open(location, S3))
			.withMessage(message);
	}

	@Test
	void credentialsInAnS3LocationAreNotRepeated() {
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> ArtifactStores.open("s3://key:secret-value@host/bucket", S3))
			.withMessageNotContaining("secret-value");
	}

	@Test
	void bucketNamesFollowS3Rules() {
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> ArtifactStores.open("s3://Not_A_Bucket/x", S3))
			.withMessageStartingWith("S3 bucket name is not valid: bucket name 'Not_A_Bucket' does not follow");
	}

	@Test
	void anS3LocationNeedsS3Options() {
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> ArtifactStores.open("s3://artifacts", null))
			.withMessage(
					"artifact location s3://artifacts needs S3 settings (endpoint, region, access key, secret key)");
	}

	@Test
	void aRelativeFileUriIsRejected() {
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> ArtifactStores.open("file:relative/dir", null))
			.withMessageStartingWith("artifact location file:relative/dir is not a usable file URI");
	}

}
