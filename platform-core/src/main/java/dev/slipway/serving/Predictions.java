package dev.slipway.serving;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a model answered for one request: named output tensors (in-process runtimes), or
 * the JSON value of MLflow's {@code predictions} (a model server), never both.
 *
 * @param outputs the output tensors, or null
 * @param json the {@code predictions} value as JSON text, or null
 * @param rows the number of rows predicted
 * @param rowValues one value per row for monitoring and comparison: the first output's
 * value (a label, a number; a row of several values as a {@link List})
 */
public record Predictions(List<Tensor> outputs, String json, int rows, List<Object> rowValues) {

	public Predictions {
		if ((outputs == null) == (json == null)) {
			throw new IllegalArgumentException("exactly one of outputs and json");
		}
		outputs = (outputs != null) ? List.copyOf(outputs) : null;
		rowValues = (rowValues != null) ? Collections.unmodifiableList(new ArrayList<>(rowValues)) : List.of();
	}

}
