package dev.slipway.serving;

import java.util.List;

/**
 * A named tensor as the Open Inference Protocol carries it: a datatype ({@code BOOL},
 * {@code INT8} to {@code INT64}, {@code UINT8} to {@code UINT64}, {@code FP16},
 * {@code FP32}, {@code FP64}, {@code BYTES}), a shape and its elements flattened in
 * row-major order ({@link Number}, {@link Boolean} or {@link String} values).
 *
 * @param name the tensor's name
 * @param datatype the element type
 * @param shape the dimensions; the product is the number of elements
 * @param data the elements, row-major
 */
public record Tensor(String name, String datatype, List<Long> shape, List<Object> data) {

	public Tensor {
		shape = List.copyOf(shape);
		data = List.copyOf(data);
	}

}
