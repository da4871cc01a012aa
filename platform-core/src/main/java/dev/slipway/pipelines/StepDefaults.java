package dev.slipway.pipelines;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a step gets where it says nothing: the document's {@code defaults} block over the
 * built-in defaults, field by field.
 *
 * @param image the container image, or {@code null} to leave it to the executor
 * @param env environment variables every step gets (a step's own win per name)
 * @param resources the resource request
 * @param retry the retry policy
 * @param timeout how long one attempt may run
 * @param cache the cache settings
 */
public record StepDefaults(String image, Map<String, String> env, Resources resources, RetryPolicy retry,
		Duration timeout, CacheSettings cache) {

	/** Built in: one attempt, one hour, cached, no image, no resource request. */
	public static final StepDefaults BUILT_IN = new StepDefaults(null, Map.of(), Resources.NONE, RetryPolicy.DEFAULT,
			Duration.ofHours(1), CacheSettings.DEFAULT);

	public StepDefaults {
		env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
	}

}
