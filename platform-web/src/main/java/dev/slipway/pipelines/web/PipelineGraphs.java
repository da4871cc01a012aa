package dev.slipway.pipelines.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.slipway.pipelines.PipelineDefinition;
import dev.slipway.pipelines.PipelineRun;
import dev.slipway.pipelines.StepRun;
import dev.slipway.pipelines.StepSpec;

/**
 * The graphs the pipeline pages draw with {@link DagSvg}: a definition's steps with their
 * settings, or a run's steps coloured by state, each linking to its row on the page.
 */
final class PipelineGraphs {

	private PipelineGraphs() {
	}

	/** A version's graph: each step with its retries and timeout. */
	static String definition(PipelineDefinition definition) {
		List<DagNode> nodes = new ArrayList<>();
		for (StepSpec step : definition.steps()) {
			nodes.add(new DagNode(step.name(), step.name(), null, settings(step), null));
		}
		return DagSvg.renderWithoutStyle(nodes, edges(definition));
	}

	/**
	 * A run's graph: each step in its state, with what is worth knowing at a glance (its
	 * attempt while it runs, its duration once done, where a cached result came from),
	 * linked to the step's row.
	 */
	static String run(PipelineRun run, PipelineDefinition definition, long now) {
		Map<String, StepRun> steps = run.steps().stream().collect(Collectors.toMap(StepRun::name, Function.identity()));
		List<DagNode> nodes = new ArrayList<>();
		for (StepSpec spec : definition.steps()) {
			StepRun step = steps.get(spec.name());
			if (step == null) {
				nodes.add(new DagNode(spec.name(), spec.name(), null, null, null));
				continue;
			}
			nodes.add(new DagNode(step.name(), step.name(), step.state().name(), detail(step, now),
					"#" + PipelineRunView.anchor(step.name())));
		}
		return DagSvg.renderWithoutStyle(nodes, edges(definition));
	}

	/** {@code retries 2, timeout 1h}: what differs from one plain attempt. */
	static String settings(StepSpec step) {
		List<String> parts = new ArrayList<>();
		if (step.retry().maxAttempts() > 1) {
			parts.add("retries " + (step.retry().maxAttempts() - 1));
		}
		parts.add("timeout " + PipelineFormat.setting(step.timeout()));
		if (step.when() != null) {
			parts.add("conditional");
		}
		return String.join(", ", parts);
	}

	static String detail(StepRun step, long now) {
		String duration = PipelineFormat.duration(step.startedAt(), step.endedAt(), now);
		String attempt = "attempt " + step.attempts() + "/" + step.maxAttempts();
		return switch (step.state()) {
			case PENDING -> (step.attempts() > 0) ? "waiting for attempt " + (step.attempts() + 1) : "waiting";
			case RUNNING, CANCELING -> (step.maxAttempts() > 1) ? attempt + ", " + duration : duration;
			case SUCCEEDED, FAILED -> (step.attempts() > 1) ? attempt + ", " + duration : duration;
			case CACHED -> (step.cachedFrom() != null) ? "cached from run " + step.cachedFrom().runId() : "cached";
			case SKIPPED -> "skipped";
			case CANCELED -> (step.startedAt() != null) ? "canceled after " + duration : "canceled";
		};
	}

	private static List<DagEdge> edges(PipelineDefinition definition) {
		List<DagEdge> edges = new ArrayList<>();
		for (StepSpec step : definition.steps()) {
			step.dependsOn().forEach((upstream) -> edges.add(new DagEdge(upstream, step.name())));
		}
		return edges;
	}

}
