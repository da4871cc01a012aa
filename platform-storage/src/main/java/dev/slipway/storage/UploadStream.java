package dev.slipway.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Wraps upload content to count and hash it as it streams, and to fail as soon as it
 * delivers more or fewer bytes than declared.
 *
 * <p>
 * Failures surface as {@link IOException}s, since the stream is read by code that only
 * understands those (the MinIO client); the store then rethrows {@link #failure()}, which
 * says what went wrong in Slipway's terms.
 */
final class UploadStream extends InputStream {

	private final InputStream source;

	private final String key;

	private final long declaredSize;

	private final MessageDigest sha256;

	private long count;

	private boolean ended;

	private ArtifactStoreException failure;

	UploadStream(InputStream source, long declaredSize, String key) {
		this.source = Objects.requireNonNull(source, "content");
		this.key = key;
		if (declaredSize < -1) {
			throw new InvalidArtifactRequestException(
					"size must be -1 (unknown) or at least 0, was " + declaredSize + " for " + key);
		}
		this.declaredSize = declaredSize;
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int read = read(one, 0, 1);
		return (read < 0) ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, buffer.length);
		if (length == 0) {
			return 0;
		}
		if (this.ended) {
			return -1;
		}
		int wanted = (this.declaredSize < 0) ? length : (int) Math.min(length, this.declaredSize - this.count);
		if (wanted == 0) {
			expectEnd();
			return -1;
		}
		int read = readSource(buffer, offset, wanted);
		if (read < 0) {
			if (this.declaredSize >= 0) {
				throw fail(new InvalidArtifactRequestException("content of " + this.key + " ended after " + this.count
						+ " bytes but " + this.declaredSize + " were declared"));
			}
			this.ended = true;
			return -1;
		}
		this.sha256.update(buffer, offset, read);
		this.count += read;
		if (this.count == this.declaredSize) {
			// Probe now rather than on the next call: the S3 client stops
			// reading at the declared size, and this is the last chance to fail
			// before the object appears.
			expectEnd();
		}
		return read;
	}

	private void expectEnd() throws IOException {
		byte[] probe = new byte[1];
		int read;
		do {
			read = readSource(probe, 0, 1);
		}
		while (read == 0);
		if (read > 0) {
			throw fail(new InvalidArtifactRequestException(
					"content of " + this.key + " is longer than the declared " + this.declaredSize + " bytes"));
		}
		this.ended = true;
	}

	private int readSource(byte[] buffer, int offset, int length) throws IOException {
		try {
			return this.source.read(buffer, offset, length);
		}
		catch (IOException ex) {
			throw fail(new ArtifactStoreException(
					"reading the content of " + this.key + " failed after " + this.count + " bytes: " + ex.getMessage(),
					ex));
		}
	}

	private IOException fail(ArtifactStoreException exception) {
		this.failure = exception;
		return new IOException(exception.getMessage(), exception);
	}

	/**
	 * Return why the content could not be stored, when the content is to blame.
	 * @return the failure, or {@code null} when the content streamed fine so far
	 */
	ArtifactStoreException failure() {
		return this.failure;
	}

	/**
	 * Return what was stored, once the content has been read to its end.
	 * @return the key, byte count and SHA-256
	 */
	StoredObject stored() {
		return new StoredObject(this.key, this.count, HexFormat.of().formatHex(this.sha256.digest()));
	}

}
