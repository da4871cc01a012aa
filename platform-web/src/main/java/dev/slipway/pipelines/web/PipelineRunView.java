package dev.slipway.pipelines.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.slipway.pipelines.Attempt;
import dev.slipway.pipelines.PipelinePages;
import dev.slipway.pipelines.PipelineRun;
import dev.slipway.pipelines.RunState;
import dev.slipway.pipelines.StepOutput;
import dev.slipway.pipelines.StepRun;
import dev.slipway.pipelines.StepState;

/**
 * What a run's page shows, as text: the header, the graph, the steps with their outputs
 * and attempts (each with its log viewer), and the history.
 *
 * @param id the run
 * @param pipeline its pipeline's name
 * @param version the version it runs
 * @param state its state
 * @param stateClass the state's badge class
 * @param live whether it has not ended (the page follows it)
 * @param canCancel whether the caller sees Cancel
 * @param canRetry whether the caller sees Retry
 * @param cause why it exists, in words
 * @param causeDetail the event that caused it, or null
 * @param createdBy who started it
 * @param created when it was created
 * @param started when its first step started
 * @param ended when it ended
 * @param duration how long it ran, or has been running
 * @param cache whether steps may come from the cache
 * @param executor where its steps run
 * @param message why it ended as it did, or null
 * @param parameters every parameter's value
 * @param experimentName the tracking experiment's name
 * @param experimentHref that experiment's runs page
 * @param trackingHref the parent tracking run's page, or null
 * @param graph the graph as SVG markup (escaped by {@link DagSvg})
 * @param steps the steps in the definition's order
 * @param history every state change, oldest first
 * @param signature what changes whenever the page would show something new
 */
record PipelineRunView(long id, String pipeline, int version, String state, String stateClass, boolean live,
		boolean canCancel, boolean canRetry, String cause, String causeDetail, String createdBy, String created,
		String started, String ended, String duration, boolean cache, String executor, String message,
		Map<String, Object> parameters, String experimentName, String experimentHref, String trackingHref, String graph,
		List<StepView> steps, List<ChangeView> history, String signature) {

	/**
	 * One step.
	 *
	 * @param name its name
	 * @param anchor the id of its row (the graph's boxes link there)
	 * @param state its state
	 * @param stateClass the badge class
	 * @param attempts attempts made of the most allowed, {@code 2/3}
	 * @param duration how long it ran
	 * @param message why it is in its state, or null
	 * @param trackingHref its nested tracking run's page, or null
	 * @param cachedFromRun the run whose result a CACHED step reused, or null
	 * @param outputs what it left
	 * @param attemptList its attempts, oldest first
	 */
	record StepView(String name, String anchor, String state, String stateClass, String attempts, String duration,
			String message, String trackingHref, Long cachedFromRun, List<OutputView> outputs,
			List<AttemptView> attemptList) {
	}

	/**
	 * One output of a step.
	 *
	 * @param name its name
	 * @param type its type
	 * @param uri where it is stored
	 * @param digest the full digest
	 * @param shortDigest the digest's first digits
	 * @param size its size
	 * @param value the text of a value or metrics output, or null
	 * @param registeredHref the registered model version it became ({@code register:}),
	 * or null
	 * @param registeredLabel that version as text, or null
	 */
	record OutputView(String name, String type, String uri, String digest, String shortDigest, String size,
			String value, String registeredHref, String registeredLabel) {
	}

	/**
	 * One attempt, with where its log viewer reads.
	 *
	 * @param id the element id of its log viewer
	 * @param number 1 for the first
	 * @param state its state
	 * @param stateClass the badge class
	 * @param exitCode its exit code, or null
	 * @param started when it started
	 * @param duration how long it ran
	 * @param message why it ended as it did, or null
	 * @param live whether it has not ended (its viewer follows the log)
	 * @param open whether its viewer starts open (the latest attempt of a step that runs
	 * or failed)
	 * @param logsHref the JSON route of its log
	 */
	record AttemptView(String id, int number, String state, String stateClass, Integer exitCode, String started,
			String duration, String message, boolean live, boolean open, String logsHref) {
	}

	/**
	 * One state change.
	 *
	 * @param time when
	 * @param step the step, or null for the run
	 * @param attempt the attempt, or null
	 * @param from the state before, or null
	 * @param to the state after
	 * @param toClass its badge class
	 * @param reason why
	 * @param actor who or what
	 */
	record ChangeView(String time, String step, Integer attempt, String from, String to, String toClass, String reason,
			String actor) {
	}

	static PipelineRunView of(PipelinePages.RunPage page, long now) {
		PipelineRun run = page.run();
		String experimentHref = "/experiments/" + run.experimentId() + "/runs";
		List<StepView> steps = new ArrayList<>();
		for (StepRun step : run.steps()) {
			steps.add(step(run, step, experimentHref, now, page.definition()));
		}
		List<ChangeView> history = page.history()
			.stream()
			.map((change) -> new ChangeView(PipelineFormat.time(change.at()), change.stepName(), change.attempt(),
					change.from(), change.to(), PipelineFormat.stateClass(change.to()), change.reason(),
					change.actor()))
			.toList();
		boolean live = !run.state().ended();
		return new PipelineRunView(run.id(), run.pipelineName(), run.version(), run.state().name(),
				PipelineFormat.stateClass(run.state().name()), live, page.canChange() && live,
				page.canChange() && (run.state() == RunState.FAILED || run.state() == RunState.CANCELED),
				PipelineFormat.lower(run.cause()), run.causeDetail(), run.createdBy(),
				PipelineFormat.time(run.createdAt()), PipelineFormat.time(run.startedAt()),
				PipelineFormat.time(run.endedAt()), PipelineFormat.duration(run.startedAt(), run.endedAt(), now),
				run.cacheEnabled(), run.executor(), run.message(), run.parameters(), page.pipeline().experimentName(),
				experimentHref, (run.trackingRunId() != null) ? experimentHref + "/" + run.trackingRunId() : null,
				PipelineGraphs.run(run, page.definition(), now), steps, history, signature(run));
	}

	private static StepView step(PipelineRun run, StepRun step, String experimentHref, long now,
			dev.slipway.pipelines.PipelineDefinition definition) {
		List<OutputView> outputs = new ArrayList<>();
		var spec = definition.step(step.name()).orElse(null);
		step.outputs().forEach((name, output) -> {
			var declared = (spec != null) ? spec.outputs().get(name) : null;
			outputs.add(output(name, output, (declared != null) ? declared.register() : null));
		});
		List<AttemptView> attempts = new ArrayList<>();
		List<Attempt> list = step.attemptList();
		for (int i = 0; i < list.size(); i++) {
			Attempt attempt = list.get(i);
			boolean latest = i == list.size() - 1;
			boolean live = "SCHEDULED".equals(attempt.state()) || "RUNNING".equals(attempt.state());
			attempts.add(new AttemptView("log-" + step.name() + "-" + attempt.number(), attempt.number(),
					attempt.state(), PipelineFormat.stateClass(attempt.state()), attempt.exitCode(),
					PipelineFormat.time(attempt.startedAt()),
					PipelineFormat.duration(attempt.startedAt(), attempt.endedAt(), now), attempt.message(), live,
					latest && (live || step.state() == StepState.FAILED), "/pipeline-runs/" + run.id() + "/steps/"
							+ step.name() + "/attempts/" + attempt.number() + "/logs"));
		}
		// A cached or skipped step never ran: it has no duration of its own.
		boolean ran = step.state() != StepState.CACHED && step.state() != StepState.SKIPPED;
		return new StepView(step.name(), anchor(step.name()), step.state().name(),
				PipelineFormat.stateClass(step.state().name()), step.attempts() + "/" + step.maxAttempts(),
				ran ? PipelineFormat.duration(step.startedAt(), step.endedAt(), now) : "—", step.message(),
				(step.trackingRunId() != null) ? experimentHref + "/" + step.trackingRunId() : null,
				(step.cachedFrom() != null) ? step.cachedFrom().runId() : null, outputs, attempts);
	}

	private static OutputView output(String name, StepOutput output, String registeredModel) {
		// A registered output's value is the version number it became.
		boolean registered = registeredModel != null && output.value() != null && output.value().matches("[0-9]+");
		return new OutputView(name, PipelineFormat.lower(output.type()), output.uri(), output.digest(),
				PipelineFormat.shortDigest(output.digest()), PipelineFormat.size(output.size()),
				registered ? null : output.value(),
				registered ? "/models/"
						+ java.net.URLEncoder.encode(registeredModel, java.nio.charset.StandardCharsets.UTF_8)
							.replace("+", "%20")
						+ "/versions/" + output.value() : null,
				registered ? registeredModel + " version " + output.value() : null);
	}

	/** Whether any step has started an attempt (and so has a log). */
	public boolean anyAttempts() {
		return this.steps.stream().anyMatch((step) -> !step.attemptList().isEmpty());
	}

	/** The id of a step's row: step names are {@code [a-z0-9-]}, safe in an id. */
	static String anchor(String stepName) {
		return "step-" + stepName;
	}

	/**
	 * A text that changes whenever the run, a step or an attempt changes state, or a step
	 * starts another attempt: the page polls it and refreshes when it differs.
	 */
	static String signature(PipelineRun run) {
		StringBuilder signature = new StringBuilder(run.state().name());
		for (StepRun step : run.steps()) {
			signature.append(';')
				.append(step.name())
				.append(':')
				.append(step.state().name())
				.append(':')
				.append(step.attempts());
			for (Attempt attempt : step.attemptList()) {
				signature.append(':').append(attempt.state());
			}
		}
		return signature.toString();
	}

}
