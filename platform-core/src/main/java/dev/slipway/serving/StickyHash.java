package dev.slipway.serving;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 (x86, 32 bit, seed 0) of a deployment's id and a request key, cut into
 * 10,000 buckets: a key always lands in the same bucket, so with the same split it always
 * reaches the same version, on every replica.
 */
final class StickyHash {

	private StickyHash() {
	}

	/** The bucket, 0 to 9999, of {@code key} in deployment {@code deploymentId}. */
	static int bucket(long deploymentId, String key) {
		int hash = murmur3(((deploymentId + ":" + key)).getBytes(StandardCharsets.UTF_8));
		return (int) (Integer.toUnsignedLong(hash) % 10_000);
	}

	static int murmur3(byte[] data) {
		final int c1 = 0xcc9e2d51;
		final int c2 = 0x1b873593;
		int h1 = 0;
		int blocks = data.length / 4;
		for (int i = 0; i < blocks; i++) {
			int k1 = (data[i * 4] & 0xff) | ((data[i * 4 + 1] & 0xff) << 8) | ((data[i * 4 + 2] & 0xff) << 16)
					| ((data[i * 4 + 3] & 0xff) << 24);
			k1 *= c1;
			k1 = Integer.rotateLeft(k1, 15);
			k1 *= c2;
			h1 ^= k1;
			h1 = Integer.rotateLeft(h1, 13);
			h1 = h1 * 5 + 0xe6546b64;
		}
		int k1 = 0;
		int tail = blocks * 4;
		switch (data.length & 3) {
			case 3:
				k1 ^= (data[tail + 2] & 0xff) << 16;
			case 2:
				k1 ^= (data[tail + 1] & 0xff) << 8;
			case 1:
				k1 ^= data[tail] & 0xff;
				k1 *= c1;
				k1 = Integer.rotateLeft(k1, 15);
				k1 *= c2;
				h1 ^= k1;
			default:
		}
		h1 ^= data.length;
		h1 ^= h1 >>> 16;
		h1 *= 0x85ebca6b;
		h1 ^= h1 >>> 13;
		h1 *= 0xc2b2ae35;
		h1 ^= h1 >>> 16;
		return h1;
	}

}
