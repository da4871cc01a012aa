package dev.slipway.pipelines;

/**
 * What a step asks of the machine, in Kubernetes quantities; {@code null} leaves a field
 * to the executor.
 *
 * @param cpu cores, as {@code 2}, {@code 0.5} or {@code 500m}
 * @param memory bytes, as {@code 4Gi} or {@code 512M}
 * @param gpu whole GPUs
 */
public record Resources(String cpu, String memory, Integer gpu) {

	/** No request at all. */
	public static final Resources NONE = new Resources(null, null, null);

	/** These resources with each field that is unset here taken from {@code fallback}. */
	public Resources orElse(Resources fallback) {
		return new Resources((this.cpu != null) ? this.cpu : fallback.cpu(),
				(this.memory != null) ? this.memory : fallback.memory(),
				(this.gpu != null) ? this.gpu : fallback.gpu());
	}

}
