package dev.slipway.system;

import dev.slipway.error.DependencyOutages;
import dev.slipway.storage.ArtifactStore;
import dev.slipway.storage.ArtifactStoreException;
import dev.slipway.storage.ArtifactStores;
import dev.slipway.storage.S3Options;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The artifact store named by {@code SLIPWAY_ARTIFACTS_URI}: an S3 bucket for
 * {@code s3://} URIs, otherwise a local folder (by default {@code artifacts} in the data
 * folder). A store that cannot be used stops start-up with one line naming the setting.
 */
@Configuration(proxyBeanMethods = false)
class ArtifactStorageConfiguration {

	static final String URI_SETTING = "SLIPWAY_ARTIFACTS_URI";

	@Bean(destroyMethod = "close")
	ArtifactStore artifactStore(SlipwayProperties properties, DependencyOutages outages, MeterRegistry meters) {
		SlipwayProperties.Artifacts artifacts = properties.artifacts();
		return new GuardedArtifactStore(openStore(properties), artifacts.maxConcurrent(), artifacts.maxQueueWait(),
				outages, meters);
	}

	private static ArtifactStore openStore(SlipwayProperties properties) {
		String uri = DatabaseTarget.blankToNull(properties.artifacts().uri());
		if (uri == null) {
			String folder = DataFolder.ensure(properties.dataDir().resolve("artifacts"), DataFolder.SETTING).toString();
			return open(folder, null, DataFolder.SETTING);
		}
		S3Options s3 = uri.regionMatches(true, 0, "s3://", 0, 5) ? s3Options(uri, properties.s3()) : null;
		ArtifactStore store = open(uri, s3, URI_SETTING);
		try {
			// Fail now rather than on the first upload: a missing bucket or wrong key is
			// a setting.
			store.checkHealth();
		}
		catch (ArtifactStoreException ex) {
			store.close();
			throw new InvalidSettingException(URI_SETTING, "cannot use " + store.describe() + ": " + ex.getMessage(),
					ex);
		}
		return store;
	}

	private static ArtifactStore open(String location, S3Options s3, String setting) {
		try {
			return ArtifactStores.open(location, s3);
		}
		catch (ArtifactStoreException ex) {
			throw new InvalidSettingException(setting, ex.getMessage(), ex);
		}
	}

	private static S3Options s3Options(String uri, SlipwayProperties.S3 s3) {
		if (DatabaseTarget.blankToNull(s3.accessKey()) == null) {
			throw new InvalidSettingException("SLIPWAY_S3_ACCESS_KEY",
					"is required when artifacts live in S3 (" + uri + ")");
		}
		if (DatabaseTarget.blankToNull(s3.secretKey()) == null) {
			throw new InvalidSettingException("SLIPWAY_S3_SECRET_KEY",
					"is required when artifacts live in S3 (" + uri + ")");
		}
		try {
			return new S3Options(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey(), s3.partSize().toBytes(),
					s3.connectTimeout(), s3.readTimeout());
		}
		catch (ArtifactStoreException ex) {
			String setting = ex.getMessage().contains("part size") ? "slipway.s3.part-size" : "SLIPWAY_S3_ENDPOINT";
			throw new InvalidSettingException(setting, ex.getMessage(), ex);
		}
	}

}
