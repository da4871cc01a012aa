package dev.slipway.pipelines;

/**
 * An output a step produces.
 *
 * @param type what the output holds
 * @param register the registered model a {@code model} output becomes a version of, or
 * {@code null}
 */
public record OutputSpec(OutputType type, String register) {

	public OutputSpec {
		if (register != null && type != OutputType.MODEL) {
			throw new IllegalArgumentException("only a model output can be registered");
		}
	}

}
