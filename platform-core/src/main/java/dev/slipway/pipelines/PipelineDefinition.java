package dev.slipway.pipelines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated pipeline: parameters and a DAG of steps whose settings are the effective
 * ones ({@link StepSpec}).
 *
 * @param name the pipeline's name
 * @param description what it does, or {@code null}
 * @param parameters parameter name to declaration, in document order
 * @param defaults the step defaults the steps were completed with
 * @param steps the steps, in document order
 */
public record PipelineDefinition(String name, String description, Map<String, ParameterSpec> parameters,
		StepDefaults defaults, List<StepSpec> steps) {

	public PipelineDefinition {
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
		steps = List.copyOf(steps);
	}

	/** The step of that name. */
	public Optional<StepSpec> step(String stepName) {
		return this.steps.stream().filter((step) -> step.name().equals(stepName)).findFirst();
	}

	/**
	 * The steps with each after all it depends on; among steps that could go next, the
	 * one first in the document goes first, so the order is stable.
	 */
	public List<StepSpec> topologicalOrder() {
		List<StepSpec> ordered = new ArrayList<>(this.steps.size());
		Set<String> placed = new HashSet<>();
		List<StepSpec> waiting = new ArrayList<>(this.steps);
		while (!waiting.isEmpty()) {
			StepSpec next = waiting.stream()
				.filter((step) -> placed.containsAll(step.dependsOn()))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("the steps of " + this.name + " form a cycle"));
			waiting.remove(next);
			placed.add(next.name());
			ordered.add(next);
		}
		return ordered;
	}

	/**
	 * The names of every step {@code stepName} depends on, directly or through others.
	 */
	public Set<String> ancestors(String stepName) {
		Set<String> found = new LinkedHashSet<>();
		List<String> todo = new ArrayList<>(List.of(stepName));
		while (!todo.isEmpty()) {
			String current = todo.remove(todo.size() - 1);
			step(current).ifPresent((step) -> step.dependsOn().stream().filter(found::add).forEach(todo::add));
		}
		return found;
	}

}
