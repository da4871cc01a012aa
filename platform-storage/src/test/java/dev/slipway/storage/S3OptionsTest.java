package dev.slipway.storage;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class S3OptionsTest {

	@Test
	void toStringMasksTheSecretKey() {
		S3Options options = new S3Options("http://minio:9000", "eu-west-1", "slipway", "top-secret-value");

		assertThat(options.toString()).doesNotContain("top-secret-value")
			.isEqualTo("S3Options[endpoint=http://minio:9000, region=eu-west-1, accessKey=slipway, secretKey=****, "
					+ "partSize=16777216, connectTimeout=PT5S, readTimeout=PT30S]");
	}

	@Test
	void timeoutsDefaultToFiveAndThirtySecondsAndMustBeSensible() {
		S3Options options = new S3Options("http://minio:9000", "eu-west-1", "a", "b", S3Options.DEFAULT_PART_SIZE, null,
				Duration.ofSeconds(2));

		assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(options.readTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> new S3Options("http://minio:9000", null, null, null, S3Options.DEFAULT_PART_SIZE,
					Duration.ZERO, null))
			.withMessage("S3 connect timeout must be between 1 ms and 1 hour, was PT0S");
	}

	@Test
	void blankValuesMeanAwsAskTheServiceAndAnonymous() {
		S3Options options = new S3Options(" ", "", null, "");

		assertThat(options.endpoint()).isEqualTo(S3Options.AWS_ENDPOINT);
		assertThat(options.region()).isNull();
		assertThat(options.accessKey()).isNull();
		assertThat(options.secretKey()).isNull();
	}

	@Test
	void credentialsInTheEndpointAreRejectedWithoutBeingRepeated() {
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> new S3Options("http://admin:hunter22@minio:9000", null, "a", "b"))
			.withMessage("S3 endpoint must not contain credentials; give the access key and secret key separately");
	}

	@ParameterizedTest
	@ValueSource(strings = { "minio:9000", "ftp://minio", "http://", "http://bad host" })
	void endpointsMustBeHttpUrlsWithAHost(String endpoint) {
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> new S3Options(endpoint, null, "a", "b"))
			.withMessageStartingWith("S3 endpoint ");
	}

	@Test
	void keysComeInPairs() {
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> new S3Options("http://minio:9000", null, "access", null))
			.withMessage("S3 access key and secret key must be given together");
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, (5L << 20) - 1, (5L << 30) + 1 })
	void partSizesOutsideWhatS3AcceptsAreRejected(long partSize) {
		assertThatExceptionOfType(ArtifactStoreException.class)
			.isThrownBy(() -> new S3Options("http://minio:9000", null, "a", "b", partSize))
			.withMessage("S3 part size must be between 5242880 (5 MiB) and 5368709120 (5 GiB) bytes, was " + partSize);
	}

}
