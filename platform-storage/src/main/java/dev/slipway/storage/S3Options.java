package dev.slipway.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * How to reach an S3-compatible service: everything an {@link S3ArtifactStore} needs
 * besides the bucket and prefix. {@link #toString()} masks the secret key.
 *
 * @param endpoint service URL such as {@code http://minio:9000}; blank for AWS S3
 * ({@value #AWS_ENDPOINT}); must not carry credentials
 * @param region signing region such as {@code us-east-1}; blank to ask the service
 * @param accessKey access key id; blank (with a blank secret) for anonymous access
 * @param secretKey secret access key
 * @param partSize bytes per part of a multipart upload, from 5 MiB to 5 GiB; uploads of
 * unknown size can reach 10,000 parts of this size
 * @param connectTimeout longest wait for a connection to the service
 * @param readTimeout longest silence while waiting for bytes from the service, or for it
 * to take bytes sent to it; a paused or hung service fails a request after this long
 */
public record S3Options(String endpoint, String region, String accessKey, String secretKey, long partSize,
		Duration connectTimeout, Duration readTimeout) {

	/** Default connect timeout. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default read and write timeout. */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

	/** Endpoint used when none is given. */
	public static final String AWS_ENDPOINT = "https://s3.amazonaws.com";

	/** Default part size: 16 MiB, so unknown-size uploads reach 160 GiB. */
	public static final long DEFAULT_PART_SIZE = 16L << 20;

	/** Smallest part S3 accepts (but for the last one). */
	public static final long MIN_PART_SIZE = 5L << 20;

	/** Largest part S3 accepts. */
	public static final long MAX_PART_SIZE = 5L << 30;

	public S3Options {
		endpoint = isBlank(endpoint) ? AWS_ENDPOINT : endpoint.strip();
		region = isBlank(region) ? null : region.strip();
		accessKey = isBlank(accessKey) ? null : accessKey;
		secretKey = isBlank(secretKey) ? null : secretKey;
		if ((accessKey == null) != (secretKey == null)) {
			throw new ArtifactStoreException("S3 access key and secret key must be given together");
		}
		if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
			throw new ArtifactStoreException("S3 part size must be between " + MIN_PART_SIZE + " (5 MiB) and "
					+ MAX_PART_SIZE + " (5 GiB) bytes, was " + partSize);
		}
		checkEndpoint(endpoint);
		connectTimeout = checkTimeout(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connect");
		readTimeout = checkTimeout(readTimeout, DEFAULT_READ_TIMEOUT, "read");
	}

	public S3Options(String endpoint, String region, String accessKey, String secretKey, long partSize) {
		this(endpoint, region, accessKey, secretKey, partSize, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
	}

	/**
	 * Options with the {@link #DEFAULT_PART_SIZE default part size}.
	 * @param endpoint service URL; blank for AWS S3
	 * @param region signing region; blank to ask the service
	 * @param accessKey access key id
	 * @param secretKey secret access key
	 */
	public S3Options(String endpoint, String region, String accessKey, String secretKey) {
		this(endpoint, region, accessKey, secretKey, DEFAULT_PART_SIZE);
	}

	@Override
	public String toString() {
		return "S3Options[endpoint=" + this.endpoint + ", region=" + this.region + ", accessKey=" + this.accessKey
				+ ", secretKey=" + ((this.secretKey != null) ? "****" : null) + ", partSize=" + this.partSize
				+ ", connectTimeout=" + this.connectTimeout + ", readTimeout=" + this.readTimeout + "]";
	}

	private static void checkEndpoint(String endpoint) {
		URI uri;
		try {
			uri = new URI(endpoint);
		}
		catch (URISyntaxException ex) {
			// Not repeated: a malformed URL may hold a password someone meant
			// to remove.
			throw new ArtifactStoreException("S3 endpoint is not a valid URL");
		}
		if (uri.getRawUserInfo() != null) {
			throw new ArtifactStoreException(
					"S3 endpoint must not contain credentials; give the access key and secret key separately");
		}
		if ((!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()))
				|| uri.getHost() == null) {
			throw new ArtifactStoreException("S3 endpoint must be an http or https URL with a host, was " + endpoint);
		}
	}

	private static Duration checkTimeout(Duration timeout, Duration fallback, String name) {
		if (timeout == null) {
			return fallback;
		}
		if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofHours(1)) > 0) {
			throw new ArtifactStoreException("S3 " + name + " timeout must be between 1 ms and 1 hour, was " + timeout);
		}
		return timeout;
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
