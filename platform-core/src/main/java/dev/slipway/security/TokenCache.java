package dev.slipway.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * API tokens as last read, by hash, for {@code slipway.security.tokens.cache-ttl}: a
 * token sent on every prediction then costs no database round trip. Any change to a token
 * or an account on this replica (revoked, disabled, role or password changed, deleted)
 * empties it at once and again after its transaction commits, so this replica never acts
 * on what it changed; another replica sees such a change within the time to live. Only
 * tokens that exist are kept, and at most {@value #MAX_ENTRIES}.
 */
@Component
class TokenCache {

	static final int MAX_ENTRIES = 10_000;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final AtomicLong generation = new AtomicLong();

	private final long ttlNanos;

	@org.springframework.beans.factory.annotation.Autowired
	TokenCache(SecuritySettings settings) {
		this(settings.tokens().cacheTtl());
	}

	TokenCache(java.time.Duration ttl) {
		this.ttlNanos = ttl.toNanos();
	}

	/** A token as read, the generation it was read in, and when. */
	private record Entry(ApiTokenRepository.TokenCheck check, long generation, long readAt) {
	}

	/** The token with this hash as read within the time to live, or null. */
	ApiTokenRepository.TokenCheck get(String hash, long nowNanos) {
		Entry entry = this.entries.get(hash);
		if (entry == null) {
			return null;
		}
		if (entry.generation() != this.generation.get() || nowNanos - entry.readAt() >= this.ttlNanos) {
			this.entries.remove(hash, entry);
			return null;
		}
		return entry.check();
	}

	/**
	 * Keeps a token just read; {@code generation} is {@link #generation()} taken before
	 * the read, so a change made meanwhile is not hidden.
	 */
	void put(String hash, ApiTokenRepository.TokenCheck check, long generation, long nowNanos) {
		if (this.ttlNanos <= 0 || generation != this.generation.get()) {
			return;
		}
		if (this.entries.size() >= MAX_ENTRIES) {
			this.entries.clear();
		}
		this.entries.put(hash, new Entry(check, generation, nowNanos));
	}

	/** The current generation, to pass to {@link #put}. */
	long generation() {
		return this.generation.get();
	}

	/**
	 * Forgets every token: now, and again when the current transaction commits (a read in
	 * between may still have seen the old rows).
	 */
	void invalidate() {
		clear();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					clear();
				}
			});
		}
	}

	private void clear() {
		this.generation.incrementAndGet();
		this.entries.clear();
	}

}
