package dev.slipway.serving;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import dev.slipway.error.SlipwayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The models this replica has loaded, shared by every deployment that serves the same
 * version the same way and closed when the last one stops using it. Loading (download,
 * session or process start, warm-up) runs on two background threads; until it is done the
 * slot is not ready.
 */
@Component
class ModelLoader implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

	private final Map<String, Slot> slots = new ConcurrentHashMap<>();

	private final ExecutorService loading = Executors.newFixedThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "serving-loader");
		thread.setDaemon(true);
		return thread;
	});

	/** A loaded or loading model. */
	static final class Slot {

		final String key;

		int references;

		volatile LoadedModel model;

		volatile String failure;

		volatile long failedAt;

		volatile boolean closed;

		/** When the slot was made ({@link System#nanoTime()}). */
		final long createdAt = System.nanoTime();

		/** When it was last seen ready ({@link System#nanoTime()}), or 0 for never. */
		volatile long readySeenAt;

		Slot(String key) {
			this.key = key;
		}

		/**
		 * How long it has not been ready, in nanoseconds: since it was made or last seen
		 * ready; 0 while it is ready.
		 */
		long unreadyNanos(long now) {
			if (ready()) {
				this.readySeenAt = now;
				return 0;
			}
			long since = (this.readySeenAt != 0) ? this.readySeenAt : this.createdAt;
			return Math.max(0, now - since);
		}

		/** Whether it answers. */
		boolean ready() {
			LoadedModel loaded = this.model;
			return loaded != null && !this.closed && loaded.healthy();
		}

	}

	/** Takes a reference on the slot of {@code key}, loading it if this is the first. */
	Slot acquire(String key, Supplier<LoadedModel> loader) {
		Slot[] created = new Slot[1];
		Slot slot = this.slots.compute(key, (k, existing) -> {
			Slot current = (existing != null) ? existing : new Slot(k);
			if (existing == null) {
				created[0] = current;
			}
			current.references++;
			return current;
		});
		if (created[0] != null) {
			load(slot, loader);
		}
		return slot;
	}

	/** Loads a failed slot again. */
	void retry(Slot slot, Supplier<LoadedModel> loader) {
		if (slot.failure != null && slot.model == null && !slot.closed) {
			slot.failure = null;
			load(slot, loader);
		}
	}

	/** Drops a reference; the last one closes the model. */
	void release(Slot slot) {
		boolean[] last = new boolean[1];
		this.slots.computeIfPresent(slot.key, (k, existing) -> {
			existing.references--;
			if (existing.references <= 0) {
				last[0] = true;
				return null;
			}
			return existing;
		});
		if (last[0]) {
			close(slot);
		}
	}

	private void load(Slot slot, Supplier<LoadedModel> loader) {
		this.loading.execute(() -> {
			try {
				LoadedModel model = loader.get();
				if (slot.closed) {
					model.close();
					return;
				}
				slot.model = model;
				log.info("Model {} loaded and warmed up", slot.key);
			}
			catch (SlipwayException ex) {
				slot.failedAt = System.nanoTime();
				slot.failure = ex.getMessage();
				log.warn("Model {} could not be loaded: {}", slot.key, ex.getMessage());
			}
			catch (RuntimeException ex) {
				slot.failedAt = System.nanoTime();
				slot.failure = "loading failed (" + ex.getClass().getSimpleName() + ")";
				log.warn("Model {} could not be loaded", slot.key, ex);
			}
		});
	}

	private static void close(Slot slot) {
		slot.closed = true;
		LoadedModel model = slot.model;
		if (model != null) {
			try {
				model.close();
			}
			catch (RuntimeException ex) {
				log.warn("Model {} did not close cleanly: {}", slot.key, ex.getMessage());
			}
		}
	}

	@Override
	public void destroy() {
		this.loading.shutdownNow();
		this.slots.values().forEach(ModelLoader::close);
		this.slots.clear();
	}

}
