package dev.slipway.pipelines;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a pipeline, with its effective settings: where the document left a field
 * out, the {@code defaults} block's or the built-in value is already in place, so no
 * later code applies defaults again.
 *
 * @param name the step's name, unique in its pipeline
 * @param command the program and its arguments, with templates still unresolved
 * @param image the container image, or {@code null} to leave it to the executor
 * @param dependsOn the steps that must succeed first, sorted
 * @param inputs input name to template (usually a parameter or an upstream output)
 * @param outputs output name to what it holds
 * @param env environment variables, with templates still unresolved
 * @param resources the resource request
 * @param retry the retry policy
 * @param timeout how long one attempt may run
 * @param cache the cache settings
 * @param when the condition under which the step runs, or {@code null} to always run
 */
public record StepSpec(String name, List<String> command, String image, List<String> dependsOn,
		Map<String, String> inputs, Map<String, OutputSpec> outputs, Map<String, String> env, Resources resources,
		RetryPolicy retry, Duration timeout, CacheSettings cache, String when) {

	public StepSpec {
		command = List.copyOf(command);
		dependsOn = List.copyOf(dependsOn);
		inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
		outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
		env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
	}

	/**
	 * The wait before attempt {@code attempt} (1-based), as
	 * {@link RetryPolicy#backoffBefore}.
	 */
	public Duration backoffBefore(int attempt) {
		return this.retry.backoffBefore(attempt);
	}

	/** Whether another attempt follows a failed attempt {@code attempt} (1-based). */
	public boolean retriesAfter(int attempt) {
		return attempt < this.retry.maxAttempts();
	}

}
