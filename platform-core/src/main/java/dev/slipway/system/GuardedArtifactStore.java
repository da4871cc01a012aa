package dev.slipway.system;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.slipway.error.Dependency;
import dev.slipway.error.DependencyOutages;
import dev.slipway.error.TemporarilyUnavailableException;
import dev.slipway.storage.ArtifactStore;
import dev.slipway.storage.ListPage;
import dev.slipway.storage.ObjectInfo;
import dev.slipway.storage.StoredObject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The artifact store as the rest of Slipway sees it: at most {@code maxConcurrent} calls
 * in flight (a download counts until its stream is closed), so a slow or hung store holds
 * a bounded number of request threads and tracking, the UI and the probes keep answering.
 * A call beyond the bound waits up to {@code maxQueueWait} for a slot, then is refused
 * with {@link TemporarilyUnavailableException} (503 with {@code Retry-After}). Every call
 * that completes tells {@link DependencyOutages} the store answers. The health check
 * passes the bound by, so a busy store is not reported down.
 */
final class GuardedArtifactStore implements ArtifactStore {

	static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(1);

	private final ArtifactStore store;

	private final DependencyOutages outages;

	private final Semaphore slots;

	private final int maxConcurrent;

	private final long maxQueueWaitNanos;

	private final Counter refused;

	GuardedArtifactStore(ArtifactStore store, int maxConcurrent, Duration maxQueueWait, DependencyOutages outages,
			MeterRegistry meters) {
		if (maxConcurrent < 1) {
			throw new InvalidSettingException("slipway.artifacts.max-concurrent",
					"must be at least 1, was " + maxConcurrent);
		}
		this.store = store;
		this.outages = outages;
		this.maxConcurrent = maxConcurrent;
		this.slots = new Semaphore(maxConcurrent, true);
		this.maxQueueWaitNanos = Math.max(0, maxQueueWait.toNanos());
		this.refused = Counter.builder("slipway.artifacts.busy.refusals")
			.description("Artifact-store calls refused because the concurrency bound was reached")
			.register(meters);
		Gauge
			.builder("slipway.artifacts.in.flight", this,
					(guard) -> guard.maxConcurrent - guard.slots.availablePermits())
			.description("Artifact-store calls in flight, downloads until their stream is closed")
			.register(meters);
	}

	@Override
	public StoredObject put(String key, InputStream content, long size) {
		return guarded(() -> this.store.put(key, content, size));
	}

	@Override
	public InputStream get(String key, long offset, long length) {
		acquire();
		boolean handedOver = false;
		try {
			InputStream stream = this.store.get(key, offset, length);
			this.outages.succeeded(Dependency.ARTIFACT_STORE);
			handedOver = true;
			return new SlotStream(stream);
		}
		finally {
			if (!handedOver) {
				this.slots.release();
			}
		}
	}

	@Override
	public Optional<ObjectInfo> stat(String key) {
		return guarded(() -> this.store.stat(key));
	}

	@Override
	public ListPage list(String prefix, String pageToken, int pageSize) {
		return guarded(() -> this.store.list(prefix, pageToken, pageSize));
	}

	@Override
	public void delete(String key) {
		guarded(() -> {
			this.store.delete(key);
			return null;
		});
	}

	@Override
	public long deletePrefix(String prefix) {
		return guarded(() -> this.store.deletePrefix(prefix));
	}

	@Override
	public ObjectInfo copy(String sourceKey, String targetKey) {
		return guarded(() -> this.store.copy(sourceKey, targetKey));
	}

	@Override
	public void checkHealth() {
		this.store.checkHealth();
		this.outages.succeeded(Dependency.ARTIFACT_STORE);
	}

	@Override
	public String describe() {
		return this.store.describe();
	}

	@Override
	public String kind() {
		return this.store.kind();
	}

	@Override
	public void close() {
		this.store.close();
	}

	/** Calls in flight now. */
	int inFlight() {
		return this.maxConcurrent - this.slots.availablePermits();
	}

	private <T> T guarded(Supplier<T> call) {
		acquire();
		try {
			T result = call.get();
			this.outages.succeeded(Dependency.ARTIFACT_STORE);
			return result;
		}
		finally {
			this.slots.release();
		}
	}

	private void acquire() {
		boolean acquired;
		try {
			acquired = this.slots.tryAcquire(this.maxQueueWaitNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			this.refused.increment();
			throw new TemporarilyUnavailableException(
					"The artifact store is busy: " + this.maxConcurrent
							+ " transfers are in flight (slipway.artifacts.max-concurrent); try again shortly",
					BUSY_RETRY_AFTER);
		}
	}

	/** A download's stream, which gives its slot back when closed (once). */
	private final class SlotStream extends FilterInputStream {

		private final AtomicBoolean released = new AtomicBoolean();

		SlotStream(InputStream in) {
			super(in);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			return this.in.read(buffer, offset, length);
		}

		@Override
		public long transferTo(java.io.OutputStream out) throws IOException {
			return this.in.transferTo(out);
		}

		@Override
		public void close() throws IOException {
			try {
				super.close();
			}
			finally {
				if (this.released.compareAndSet(false, true)) {
					GuardedArtifactStore.this.slots.release();
				}
			}
		}

	}

}
