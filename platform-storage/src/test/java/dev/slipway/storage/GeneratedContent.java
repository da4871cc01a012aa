package dev.slipway.storage;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Pseudo-random bytes of any length, generated as they are read, so that gigabytes can be
 * uploaded without holding them; hashes what it delivers so the expected SHA-256 comes
 * from the same pass.
 */
final class GeneratedContent extends InputStream {

	private static final int BLOCK_SIZE = 64 * 1024;

	private final long size;

	private final SplittableRandom random;

	private final MessageDigest sha256 = TestContent.newSha256();

	private final byte[] block = new byte[BLOCK_SIZE];

	private int blockPosition = BLOCK_SIZE;

	private long position;

	GeneratedContent(long size, long seed) {
		this.size = size;
		this.random = new SplittableRandom(seed);
	}

	@Override
	public int read() {
		byte[] one = new byte[1];
		int read = read(one, 0, 1);
		return (read < 0) ? -1 : one[0] & 0xff;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) {
		Objects.checkFromIndexSize(offset, length, buffer.length);
		if (length == 0) {
			return 0;
		}
		if (this.position == this.size) {
			return -1;
		}
		if (this.blockPosition == BLOCK_SIZE) {
			ByteBuffer longs = ByteBuffer.wrap(this.block);
			while (longs.hasRemaining()) {
				longs.putLong(this.random.nextLong());
			}
			this.blockPosition = 0;
		}
		int read = (int) Math.min(Math.min(length, BLOCK_SIZE - this.blockPosition), this.size - this.position);
		System.arraycopy(this.block, this.blockPosition, buffer, offset, read);
		this.sha256.update(buffer, offset, read);
		this.blockPosition += read;
		this.position += read;
		return read;
	}

	/**
	 * The SHA-256 of everything delivered; call once, after reading to the end.
	 */
	String sha256Hex() {
		return HexFormat.of().formatHex(this.sha256.digest());
	}

}
