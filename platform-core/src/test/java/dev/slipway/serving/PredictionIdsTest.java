package dev.slipway.serving;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Prediction ids are random version-4 UUIDs, distinct across threads. */
class PredictionIdsTest {

	@Test
	void idsAreDistinctRandomUuids() throws InterruptedException {
		Set<String> ids = ConcurrentHashMap.newKeySet();
		Thread[] threads = new Thread[4];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				for (int i = 0; i < 10_000; i++) {
					ids.add(PredictionIds.next());
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(ids).hasSize(40_000);
		Set<Integer> variants = new HashSet<>();
		for (String id : ids) {
			UUID uuid = UUID.fromString(id);
			assertThat(uuid.version()).isEqualTo(4);
			variants.add(uuid.variant());
			assertThat(uuid.toString()).isEqualTo(id);
		}
		assertThat(variants).containsExactly(2);
	}

}
