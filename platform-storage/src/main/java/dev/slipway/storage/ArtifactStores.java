package dev.slipway.storage;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens the {@link ArtifactStore} a location names: {@code s3://bucket/prefix}, a
 * {@code file:} URI or a plain path.
 */
public final class ArtifactStores {

	/**
	 * A URI scheme of two characters or more, so that a Windows path such as
	 * {@code C:\artifacts} reads as a path.
	 */
	private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

	private ArtifactStores() {
	}

	/**
	 * Open the store at {@code location}.
	 * @param location {@code s3://bucket/prefix}, {@code s3://bucket},
	 * {@code file:///var/lib/slipway/artifacts} or a path such as
	 * {@code /var/lib/slipway/artifacts}
	 * @param s3 how to reach the S3 service for {@code s3://} locations; may be
	 * {@code null} for local ones
	 * @return the store
	 * @throws ArtifactStoreException if the location is not one of those forms, or the
	 * store cannot be opened
	 */
	public static ArtifactStore open(String location, S3Options s3) {
		if (location == null || location.isBlank()) {
			throw new ArtifactStoreException("artifact location must not be empty");
		}
		String trimmed = location.strip();
		Matcher scheme = SCHEME.matcher(trimmed);
		if (!scheme.find()) {
			return new LocalArtifactStore(Path.of(trimmed));
		}
		switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
			case "file":
				return new LocalArtifactStore(fileLocation(trimmed));
			case "s3":
				return openS3(trimmed, s3);
			default:
				throw new ArtifactStoreException("artifact location " + trimmed + " has the unsupported scheme '"
						+ scheme.group(1) + "'; use s3://bucket/prefix, file:///path or a plain path");
		}
	}

	private static Path fileLocation(String location) {
		try {
			return Path.of(URI.create(location));
		}
		catch (IllegalArgumentException | FileSystemNotFoundException ex) {
			throw new ArtifactStoreException("artifact location " + location + " is not a usable file URI ("
					+ ex.getMessage() + "); use an absolute one such as file:///var/lib/slipway/artifacts");
		}
	}

	private static ArtifactStore openS3(String location, S3Options s3) {
		if (!location.regionMatches(true, 0, "s3://", 0, 5)) {
			throw new ArtifactStoreException(
					"artifact location " + location + " must look like s3://bucket or s3://bucket/prefix");
		}
		String rest = location.substring(5);
		if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
			throw new ArtifactStoreException(
					"artifact location " + location + " must not have a query or fragment; use s3://bucket/prefix");
		}
		int slash = rest.indexOf('/');
		String bucket = (slash < 0) ? rest : rest.substring(0, slash);
		String prefix = (slash < 0) ? "" : rest.substring(slash + 1);
		if (bucket.isEmpty()) {
			throw new ArtifactStoreException(
					"artifact location " + location + " has no bucket; use s3://bucket or s3://bucket/prefix");
		}
		if (bucket.indexOf('@') >= 0 || bucket.indexOf(':') >= 0) {
			// Probably credentials or a host: say so without repeating the
			// location.
			throw new ArtifactStoreException("artifact location s3://... must name a bucket, not a host or "
					+ "credentials; give the endpoint and keys in the S3 settings");
		}
		if (s3 == null) {
			throw new ArtifactStoreException(
					"artifact location " + location + " needs S3 settings (endpoint, region, access key, secret key)");
		}
		return S3ArtifactStore.open(s3, bucket, prefix);
	}

}
