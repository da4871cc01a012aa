package dev.slipway.pipelines.web;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.PipelinePages;
import dev.slipway.pipelines.PipelineRun;
import dev.slipway.pipelines.PipelineSchedule;
import dev.slipway.pipelines.PipelineService;
import dev.slipway.pipelines.PipelineTrigger;
import dev.slipway.pipelines.RunCause;
import dev.slipway.pipelines.StartRun;
import dev.slipway.query.Page;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The pipelines list and a pipeline's page (versions, graph, source, recent runs and the
 * start form), and starting a run from that form. Each page is one call to
 * {@link PipelinePages}; the services decide who may see and start what.
 */
@Controller
class PipelinesPageController {

	/** Pipelines per page of the list. */
	static final int PAGE_SIZE = 50;

	/** The start form's fields of parameters are named with this prefix. */
	static final String PARAM = "param.";

	private final PipelinePages pages;

	private final PipelineService pipelines;

	private final Clock clock;

	PipelinesPageController(PipelinePages pages, PipelineService pipelines, Clock clock) {
		this.pages = pages;
		this.pipelines = pipelines;
		this.clock = clock;
	}

	/**
	 * A pipeline in the list.
	 *
	 * @param name its name
	 * @param description what it does, or null
	 * @param latestVersion its newest version
	 * @param experimentName the experiment its runs go to
	 * @param experimentHref that experiment's runs page
	 * @param lastRunId its newest run, or null
	 * @param lastRunState that run's state, or null
	 * @param lastRunClass the state's badge class, or null
	 * @param lastRunTime when that run was created, or null
	 */
	record ListRow(String name, String description, int latestVersion, String experimentName, String experimentHref,
			Long lastRunId, String lastRunState, String lastRunClass, String lastRunTime) {

		static ListRow of(PipelinePages.ListItem item) {
			var pipeline = item.pipeline();
			var run = item.lastRun();
			return new ListRow(pipeline.name(), pipeline.description(), pipeline.latestVersion(),
					pipeline.experimentName(), "/experiments/" + pipeline.experimentId() + "/runs",
					(run != null) ? run.id() : null, (run != null) ? run.state().name() : null,
					(run != null) ? PipelineFormat.stateClass(run.state().name()) : null,
					(run != null) ? PipelineFormat.time(run.createdAt()) : null);
		}

	}

	@GetMapping("/pipelines")
	String list(@RequestParam(name = "page", required = false) String pageToken, Model model) {
		Page<PipelinePages.ListItem> page = this.pages.list(PAGE_SIZE, pageToken);
		List<ListRow> rows = page.items().stream().map(ListRow::of).toList();
		model.addAttribute("pipelines", rows);
		model.addAttribute("nextHref",
				(page.nextPageToken() != null) ? "/pipelines?page=" + page.nextPageToken() : null);
		model.addAttribute("firstHref", (pageToken != null && !pageToken.isBlank()) ? "/pipelines" : null);
		model.addAttribute("uploadCommand",
				"curl -H \"Authorization: Bearer $TOKEN\" --data-binary @pipeline.yaml "
						+ "-H 'Content-Type: application/yaml' "
						+ ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/pipelines").toUriString());
		return "pipelines/list";
	}

	@GetMapping("/pipelines/{name}")
	String pipeline(@PathVariable String name, @RequestParam(required = false) Integer version, Model model) {
		return show(name, version, null, null, model);
	}

	@PostMapping("/pipelines/{name}/runs")
	String start(@PathVariable String name, @RequestParam(required = false) Integer version,
			@RequestParam MultiValueMap<String, String> form, Model model, RedirectAttributes redirect) {
		Map<String, String> submitted = new LinkedHashMap<>();
		Map<String, Object> parameters = new LinkedHashMap<>();
		form.forEach((key, values) -> {
			if (key.startsWith(PARAM) && !values.isEmpty()) {
				String value = values.get(0);
				submitted.put(key.substring(PARAM.length()), value);
				// An empty field means "no value": the default, or a refusal naming a
				// required parameter.
				if (!value.isEmpty()) {
					parameters.put(key.substring(PARAM.length()), value);
				}
			}
		});
		// An unchecked box sends nothing; the form lists its boolean parameters so that
		// nothing still means false rather than the default.
		for (String bool : form.getOrDefault("bool", List.of())) {
			boolean checked = form.containsKey(PARAM + bool);
			submitted.put(bool, Boolean.toString(checked));
			parameters.put(bool, checked);
		}
		boolean cache = form.containsKey("cache");
		try {
			PipelineRun run = this.pipelines.start(name, new StartRun(version, parameters, cache, null, null),
					RunCause.MANUAL, null);
			redirect.addFlashAttribute("notice", "Run " + run.id() + " started");
			return "redirect:/pipeline-runs/" + run.id();
		}
		catch (SlipwayException ex) {
			if (ex.code() != ErrorCode.INVALID_ARGUMENT) {
				throw ex;
			}
			return show(name, version, PageError.of(ex), new Submitted(submitted, cache), model);
		}
	}

	/**
	 * A schedule as the pipeline page lists it.
	 *
	 * @param name its name
	 * @param timing its timing in words
	 * @param enabled whether it fires
	 * @param nextFire when it fires next, or a dash
	 * @param lastFired up to when its fire times were handled, or a dash
	 * @param createdBy the account its runs act as
	 * @param message what its last tick did, or null
	 */
	record ScheduleRow(String name, String timing, boolean enabled, String nextFire, String lastFired, String createdBy,
			String message) {

		static ScheduleRow of(PipelineSchedule schedule) {
			return new ScheduleRow(schedule.name(), schedule.description(), schedule.enabled(),
					(schedule.nextFireAt() != null) ? PipelineFormat.time(schedule.nextFireAt()) : "–",
					(schedule.lastFiredAt() != null) ? PipelineFormat.time(schedule.lastFiredAt()) : "–",
					schedule.createdBy(), schedule.message());
		}

	}

	/**
	 * A trigger as the pipeline page lists it.
	 *
	 * @param name its name
	 * @param kind what starts it
	 * @param source the model or pipeline it watches, or "any model"
	 * @param cooldown its cooldown in words
	 * @param enabled whether it fires
	 * @param lastFired when it last started a run, or a dash
	 * @param message what its last event did, or null
	 */
	record TriggerRow(String name, String kind, String source, String cooldown, boolean enabled, String lastFired,
			String message) {

		static TriggerRow of(PipelineTrigger trigger) {
			return new TriggerRow(trigger.name(), trigger.kind().name(),
					(trigger.sourceName() != null) ? trigger.sourceName() : "any model",
					(trigger.cooldownSeconds() > 0) ? trigger.cooldownSeconds() + " s" : "none", trigger.enabled(),
					(trigger.lastFiredAt() != null) ? PipelineFormat.time(trigger.lastFiredAt()) : "–",
					trigger.message());
		}

	}

	/** What the start form held when it was refused. */
	private record Submitted(Map<String, String> values, boolean cache) {
	}

	private String show(String name, Integer version, PageError startError, Submitted submitted, Model model) {
		PipelinePages.PipelinePage page = this.pages.pipeline(name, version);
		model.addAttribute("p", PipelinePageView.of(page, (submitted != null) ? submitted.values() : null,
				(submitted != null) ? submitted.cache() : null, this.clock.millis()));
		model.addAttribute("startError", startError);
		model.addAttribute("schedules", page.schedules().stream().map(ScheduleRow::of).toList());
		model.addAttribute("triggers", page.triggers().stream().map(TriggerRow::of).toList());
		return "pipelines/pipeline";
	}

}
