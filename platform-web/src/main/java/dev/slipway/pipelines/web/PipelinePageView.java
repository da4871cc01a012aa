package dev.slipway.pipelines.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.slipway.pipelines.ParameterSpec;
import dev.slipway.pipelines.PipelinePages;
import dev.slipway.pipelines.PipelineRun;
import dev.slipway.pipelines.PipelineVersion;

/**
 * What a pipeline's page shows: the pipeline, its versions, the selected version's graph
 * and source, its recent runs, and the start form built from the version's parameters.
 *
 * @param name the pipeline's name
 * @param description what it does, or null
 * @param experimentName the tracking experiment its runs go to
 * @param experimentHref that experiment's runs page
 * @param version the selected version's number
 * @param latest whether the selected version is the newest
 * @param digest the selected version's digest
 * @param graph the selected version's graph as SVG markup (escaped by {@link DagSvg})
 * @param source the selected version's document as uploaded
 * @param versions the newest versions
 * @param moreVersions whether older ones exist
 * @param runs the newest runs
 * @param moreRuns whether older ones exist
 * @param canStart whether the caller may start runs
 * @param fields the start form's parameter fields
 * @param cache whether the form's "use the cache" box is checked
 */
record PipelinePageView(String name, String description, String experimentName, String experimentHref, int version,
		boolean latest, String digest, String graph, String source, List<VersionRow> versions, boolean moreVersions,
		List<RunRow> runs, boolean moreRuns, boolean canStart, List<ParamField> fields, boolean cache) {

	/**
	 * A version in the list.
	 *
	 * @param version its number
	 * @param digest its digest
	 * @param shortDigest the digest's first digits
	 * @param createdBy who uploaded it
	 * @param created when
	 * @param selected whether the page shows it
	 */
	record VersionRow(int version, String digest, String shortDigest, String createdBy, String created,
			boolean selected) {
	}

	/**
	 * A recent run.
	 *
	 * @param id the run
	 * @param version the version it runs
	 * @param state its state
	 * @param stateClass the badge class
	 * @param cause why it exists
	 * @param createdBy who started it
	 * @param started when its first step started, or when it was created if none has
	 * @param duration how long it ran
	 */
	record RunRow(long id, int version, String state, String stateClass, String cause, String createdBy, String started,
			String duration) {
	}

	/**
	 * A parameter's field in the start form.
	 *
	 * @param name the parameter
	 * @param fieldName the form field ({@code param.<name>})
	 * @param id the element id
	 * @param type its type as a definition writes it
	 * @param input the input's type: {@code number}, {@code checkbox} or {@code text}
	 * @param step the number input's step ({@code 1}, {@code any}), or null
	 * @param required whether a run must supply it
	 * @param description what it is for, or null
	 * @param value the value shown (the default, or what was submitted)
	 * @param checked for a checkbox, whether it is checked
	 */
	record ParamField(String name, String fieldName, String id, String type, String input, String step,
			boolean required, String description, String value, boolean checked) {
	}

	/**
	 * The page; {@code submitted} holds the form's values when it is shown again after a
	 * refusal (null: the defaults).
	 */
	static PipelinePageView of(PipelinePages.PipelinePage page, Map<String, String> submitted, Boolean cache,
			long now) {
		PipelineVersion selected = page.selected();
		List<VersionRow> versions = page.versions()
			.stream()
			.map((v) -> new VersionRow(v.version(), v.digest(), PipelineFormat.shortDigest(v.digest()), v.createdBy(),
					PipelineFormat.time(v.createdAt()), v.version() == selected.version()))
			.toList();
		List<RunRow> runs = page.runs().stream().map((run) -> run(run, now)).toList();
		List<ParamField> fields = new ArrayList<>();
		selected.definition()
			.parameters()
			.forEach((name, spec) -> fields
				.add(field(name, spec, (submitted != null) ? submitted.get(name) : null, submitted != null)));
		return new PipelinePageView(page.pipeline().name(), page.pipeline().description(),
				page.pipeline().experimentName(), "/experiments/" + page.pipeline().experimentId() + "/runs",
				selected.version(), selected.version() == page.pipeline().latestVersion(), selected.digest(),
				PipelineGraphs.definition(selected.definition()), selected.source(), versions, page.moreVersions(),
				runs, page.moreRuns(), page.canStart(), fields, (cache != null) ? cache : true);
	}

	private static RunRow run(PipelineRun run, long now) {
		return new RunRow(run.id(), run.version(), run.state().name(), PipelineFormat.stateClass(run.state().name()),
				PipelineFormat.lower(run.cause()), run.createdBy(),
				PipelineFormat.time((run.startedAt() != null) ? run.startedAt() : run.createdAt()),
				PipelineFormat.duration(run.startedAt(), run.endedAt(), now));
	}

	private static ParamField field(String name, ParameterSpec spec, String submitted, boolean wasSubmitted) {
		String fallback = (spec.defaultValue() != null) ? spec.defaultValue().toString() : "";
		String value = wasSubmitted ? ((submitted != null) ? submitted : "") : fallback;
		String input = switch (spec.type()) {
			case INT, FLOAT -> "number";
			case BOOL -> "checkbox";
			default -> "text";
		};
		String step = switch (spec.type()) {
			case INT -> "1";
			case FLOAT -> "any";
			default -> null;
		};
		return new ParamField(name, "param." + name, "param-" + name, spec.type().documentName(), input, step,
				spec.isRequired(), spec.description(), value, "true".equals(value));
	}

}
