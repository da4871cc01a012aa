package dev.slipway.pipelines;

/**
 * A declared pipeline parameter.
 *
 * @param type the parameter's type
 * @param defaultValue the value used when a run supplies none: a {@link Long} for
 * {@code int}, a {@link Double} for {@code float}, a {@link Boolean} for {@code bool}, a
 * {@link String} otherwise; {@code null} when a run must supply one
 * @param description what the parameter is for, or {@code null}
 */
public record ParameterSpec(ParameterType type, Object defaultValue, String description) {

	/** Whether a run must supply a value. */
	public boolean isRequired() {
		return this.defaultValue == null;
	}

}
