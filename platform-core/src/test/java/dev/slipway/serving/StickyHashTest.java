package dev.slipway.serving;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sticky routing: MurmurHash3 matches its reference values, a key always lands in the
 * same bucket, and keys spread evenly, so a 10 % split sends about 10 % of keys.
 */
class StickyHashTest {

	@Test
	void murmur3MatchesTheReferenceImplementation() {
		// Values of MurmurHash3_x86_32 with seed 0 (Austin Appleby's SMHasher).
		assertThat(StickyHash.murmur3(new byte[0])).isZero();
		assertThat(StickyHash.murmur3("hello".getBytes(StandardCharsets.UTF_8))).isEqualTo(0x248bfa47);
		assertThat(StickyHash.murmur3("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(0x2e4ff723);
	}

	@Test
	void aKeyAlwaysLandsInTheSameBucketAndKeysSpreadEvenly() {
		assertThat(StickyHash.bucket(7, "user-42")).isEqualTo(StickyHash.bucket(7, "user-42"));
		Set<Integer> buckets = new HashSet<>();
		int below = 0;
		for (int i = 0; i < 20_000; i++) {
			int bucket = StickyHash.bucket(7, "user-" + i);
			assertThat(bucket).isBetween(0, 9_999);
			buckets.add(bucket);
			if (bucket < 1_000) {
				below++;
			}
		}
		assertThat(below).as("keys under a 10% split").isBetween(1_800, 2_200);
		assertThat(buckets.size()).isGreaterThan(8_000);
		assertThat(StickyHash.bucket(8, "user-42")).as("another deployment splits its keys anew")
			.isNotEqualTo(StickyHash.bucket(7, "user-42"));
	}

}
