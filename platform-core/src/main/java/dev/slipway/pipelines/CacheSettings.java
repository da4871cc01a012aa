package dev.slipway.pipelines;

import java.time.Duration;

/**
 * Whether a step's result may be reused from an earlier run with the same cache key.
 *
 * @param enabled whether to look for and reuse an earlier result
 * @param maxAge how old a reused result may be, or {@code null} for any age
 */
public record CacheSettings(boolean enabled, Duration maxAge) {

	/** Built in: cached, whatever the age. */
	public static final CacheSettings DEFAULT = new CacheSettings(true, null);

	public CacheSettings {
		if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
			throw new IllegalArgumentException("maxAge must be positive");
		}
	}

	/** Whether a result that finished {@code age} ago may be reused. */
	public boolean accepts(Duration age) {
		return this.enabled && (this.maxAge == null || age.compareTo(this.maxAge) <= 0);
	}

}
