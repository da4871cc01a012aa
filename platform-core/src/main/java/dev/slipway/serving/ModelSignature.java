package dev.slipway.serving;

import java.util.List;

/**
 * What a model takes and gives, from its MLflow {@code MLmodel} signature (column-based
 * or tensor-based) or, for an ONNX model without one, from the graph itself.
 *
 * @param inputs the inputs, in order; empty when the model declares none
 * @param outputs the outputs, in order; empty when unknown
 * @param tensorBased whether the inputs are tensors rather than columns
 */
public record ModelSignature(List<Field> inputs, List<Field> outputs, boolean tensorBased) {

	/** A signature that declares nothing: any input is passed to the model as it is. */
	public static final ModelSignature NONE = new ModelSignature(List.of(), List.of(), false);

	public ModelSignature {
		inputs = List.copyOf(inputs);
		outputs = List.copyOf(outputs);
	}

	/**
	 * One input or output.
	 *
	 * @param name the column or tensor name (null for an unnamed tensor)
	 * @param type MLflow's type name for a column ({@code double}, {@code float},
	 * {@code long}, {@code integer}, {@code boolean}, {@code string}, {@code binary},
	 * {@code datetime}) or the Open Inference Protocol datatype for a tensor
	 * ({@code FP32}, {@code INT64}, ...)
	 * @param shape a tensor's dimensions with -1 for a variable one; empty for a column
	 * @param required whether the input must be present
	 */
	public record Field(String name, String type, List<Long> shape, boolean required) {

		public Field {
			shape = (shape != null) ? List.copyOf(shape) : List.of();
		}

	}

}
