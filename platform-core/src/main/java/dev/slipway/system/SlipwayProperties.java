package dev.slipway.system;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Slipway's storage settings, bound from {@code slipway.*}; the other features have their
 * own records ({@code SecuritySettings}, {@code RegistrySettings}, ...). Each default is
 * the {@code @DefaultValue} of its field, and only there; docs/configuration.md lists
 * them with their environment variables, which bind by name ({@code SLIPWAY_DATABASE_URL}
 * is {@code slipway.database.url}).
 *
 * @param dataDir folder holding the embedded database and the local artifact store;
 * created if missing ({@code SLIPWAY_DATA_DIR})
 * @param database the metadata database; empty URL means the embedded H2 file database
 * @param artifacts where artifacts are stored
 * @param s3 connection to an S3-compatible object store, used when the artifacts URI is
 * {@code s3://}
 */
@ConfigurationProperties("slipway")
public record SlipwayProperties(@DefaultValue("./slipway-data") Path dataDir, @DefaultValue Database database,
		@DefaultValue Artifacts artifacts, @DefaultValue S3 s3, @DefaultValue Health health) {

	/**
	 * The metadata database.
	 *
	 * @param url JDBC URL of PostgreSQL ({@code jdbc:postgresql://host:5432/db} or
	 * {@code postgresql://user:password@host:5432/db}); empty for the embedded H2
	 * database ({@code SLIPWAY_DATABASE_URL})
	 * @param username database user ({@code SLIPWAY_DATABASE_USERNAME})
	 * @param password database password ({@code SLIPWAY_DATABASE_PASSWORD})
	 * @param maxPoolSize most connections Slipway holds open at once
	 * @param connectTimeout how long start-up waits for the database before giving up
	 * @param maxWait how long a request waits for a free connection before it is answered
	 * 503 with {@code Retry-After}: a stopped database or an exhausted pool costs callers
	 * this long, not minutes
	 * @param socketTimeout longest silence on an open PostgreSQL connection before the
	 * statement fails; frees connections held by a hung server
	 */
	public record Database(String url, String username, String password, @DefaultValue("10") int maxPoolSize,
			@DefaultValue("10s") Duration connectTimeout, @DefaultValue("3s") Duration maxWait,
			@DefaultValue("5m") Duration socketTimeout) {
	}

	/**
	 * Artifact storage.
	 *
	 * @param uri {@code s3://bucket/prefix}, a folder path or a {@code file:} URI; empty
	 * means the {@code artifacts} folder inside the data folder
	 * ({@code SLIPWAY_ARTIFACTS_URI})
	 * @param maxConcurrent most artifact-store calls (uploads, downloads still streaming,
	 * listings) in flight at once; more are answered 503 with {@code Retry-After}, so
	 * slow storage cannot take every request thread from tracking and the UI
	 * @param maxQueueWait how long a call beyond that bound waits for a free slot before
	 * it is refused
	 */
	public record Artifacts(String uri, @DefaultValue("32") int maxConcurrent,
			@DefaultValue("100ms") Duration maxQueueWait) {
	}

	/**
	 * S3-compatible object storage (MinIO, AWS S3, Ceph, s3proxy).
	 *
	 * @param endpoint URL of the S3 API, for example {@code http://minio:9000}; empty
	 * means AWS S3 ({@code SLIPWAY_S3_ENDPOINT})
	 * @param region signing region ({@code SLIPWAY_S3_REGION})
	 * @param accessKey access key id ({@code SLIPWAY_S3_ACCESS_KEY})
	 * @param secretKey secret access key ({@code SLIPWAY_S3_SECRET_KEY})
	 * @param partSize size of one part of a multipart upload; uploads larger than this
	 * are sent in parts, and one part is the most an upload buffers in memory
	 * @param connectTimeout longest wait for a connection to the S3 service
	 * @param readTimeout longest silence from the S3 service during a request (waiting
	 * for an answer, or for bytes of a download, or for it to take bytes of an upload)
	 */
	public record S3(String endpoint, @DefaultValue("us-east-1") String region, String accessKey, String secretKey,
			@DefaultValue("16MB") DataSize partSize, @DefaultValue("5s") Duration connectTimeout,
			@DefaultValue("30s") Duration readTimeout) {
	}

	/**
	 * Health probes.
	 *
	 * @param timeout longest a readiness check of one dependency (database, artifact
	 * store) may take before it reports DOWN; the probe answers within this bound even
	 * when a dependency hangs
	 */
	public record Health(@DefaultValue("2s") Duration timeout) {
	}

}
