package dev.slipway.pipelines.web;

import java.util.Objects;

/**
 * A dependency between two steps of a pipeline graph: {@code to} runs after {@code from}.
 *
 * @param from the id of the step that runs first
 * @param to the id of the step that depends on it
 */
record DagEdge(String from, String to) {

	DagEdge {
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
	}

}
