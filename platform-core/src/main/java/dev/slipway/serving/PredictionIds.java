package dev.slipway.serving;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Prediction ids: random (version 4) UUIDs drawn from a generator per thread, seeded once
 * from {@link SecureRandom}. {@link UUID#randomUUID()} draws every id from the shared
 * {@code SecureRandom}, a lock and a read of the operating system's source per
 * prediction. A prediction id names a prediction so labels can be joined to it later; it
 * grants nothing, so it needs to be unique, not unguessable, and 122 random bits from a
 * generator seeded from a secure source make it so across threads and replicas.
 */
final class PredictionIds {

	private static final SecureRandom SEEDS = new SecureRandom();

	private static final ThreadLocal<SplittableRandom> RANDOM = ThreadLocal
		.withInitial(() -> new SplittableRandom(SEEDS.nextLong()));

	private PredictionIds() {
	}

	static String next() {
		SplittableRandom random = RANDOM.get();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(high, low).toString();
	}

}
