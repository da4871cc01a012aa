package dev.slipway.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceUrisTest {

	@Test
	void plainArtifactUrisPass() {
		assertThat(SourceUris.problem("mlflow-artifacts:/0/models/m-1/artifacts")).isEmpty();
		assertThat(SourceUris.problem("s3://bucket/path/with%20space/model")).isEmpty();
		assertThat(SourceUris.problem("runs:/abc/model")).isEmpty();
	}

	@Test
	void traversalIsSeenThroughAnyEncoding() {
		assertThat(SourceUris.problem("mlflow-artifacts://host:9000/models/../artifacts")).isPresent();
		assertThat(SourceUris.problem("mlflow-artifacts://host:9000/models/..%2f..%2fartifacts")).isPresent();
		assertThat(SourceUris.problem("mlflow-artifacts://host:9000/models/%2e%2e/artifacts")).isPresent();
		assertThat(SourceUris.problem("s3://b/%252e%252e/x")).isPresent();
		assertThat(SourceUris.problem("s3://b/..\\x")).isPresent();
	}

	@Test
	void nulIsRefusedEncodedOrNot() {
		assertThat(SourceUris.problem("mlflow-artifacts://host:9000/models/artifact%00"))
			.contains("it contains a NUL character");
		assertThat(SourceUris.problem("s3://b/a\0b")).isPresent();
	}

	@Test
	void deeplyNestedEncodingIsRefusedAndAStrayPercentSignIsNot() {
		assertThat(SourceUris.problem("s3://b/%25252525252525252e")).isPresent();
		assertThat(SourceUris.problem("data/100%.csv")).isEmpty();
		assertThat(SourceUris.problem("data/100%/..")).isPresent();
	}

}
