package dev.slipway.serving;

import java.util.List;
import java.util.Map;

/**
 * One prediction request's input, decoded from the wire: either a {@link Frame} (MLflow's
 * {@code dataframe_split}, {@code dataframe_records} and CSV, and {@code instances} or
 * {@code inputs} of objects) or named tensors (the Open Inference Protocol, and
 * {@code instances} or {@code inputs} of plain arrays). Exactly one of the two is set.
 *
 * @param frame the tabular input, or null
 * @param tensors the tensor input, or null
 * @param params MLflow's optional {@code params}, passed to the model as they came
 */
public record ModelInput(Frame frame, List<Tensor> tensors, Map<String, Object> params) {

	public ModelInput {
		if ((frame == null) == (tensors == null)) {
			throw new IllegalArgumentException("exactly one of frame and tensors");
		}
		tensors = (tensors != null) ? List.copyOf(tensors) : null;
		params = (params != null) ? Map.copyOf(params) : Map.of();
	}

	/** Tabular input. */
	public static ModelInput of(Frame frame) {
		return new ModelInput(frame, null, null);
	}

	/** Tensor input. */
	public static ModelInput of(List<Tensor> tensors) {
		return new ModelInput(null, tensors, null);
	}

	/** The number of rows: the frame's, else the first dimension of the first tensor. */
	public int rows() {
		if (this.frame != null) {
			return this.frame.size();
		}
		if (this.tensors.isEmpty() || this.tensors.get(0).shape().isEmpty()) {
			return 1;
		}
		return (int) Math.min(Integer.MAX_VALUE, this.tensors.get(0).shape().get(0));
	}

}
