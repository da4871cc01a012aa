package dev.slipway.pipelines.web;

import java.util.Objects;

/**
 * One step of a pipeline graph as drawn.
 *
 * @param id the step's name, unique in the graph, which edges refer to
 * @param label the text in the box (cut with an ellipsis when too long)
 * @param state the run's state of the step ({@code PENDING}, {@code RUNNING},
 * {@code SUCCEEDED}, {@code FAILED}, {@code CANCELING}, {@code CANCELED},
 * {@code SKIPPED}, {@code CACHED}), or {@code null} when a definition is drawn without a
 * run
 * @param detail a short second line ("attempt 2/3"), or {@code null}
 * @param href where a click on the box leads, or {@code null}
 */
record DagNode(String id, String label, String state, String detail, String href) {

	DagNode {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(label, "label");
	}

}
