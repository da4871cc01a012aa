package dev.slipway.tracking.web;

import java.time.Clock;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;
import dev.slipway.query.Page;
import dev.slipway.security.Permission;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.tracking.ArtifactService;
import dev.slipway.tracking.Experiment;
import dev.slipway.tracking.ExperimentService;
import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunService;
import dev.slipway.tracking.search.ViewType;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The run page: a run's overview, params, tags, datasets, metric charts and artifacts.
 */
@Controller
class RunPageController {

	/** Most child runs the page lists. */
	static final long MAX_CHILDREN = 50;

	private final RunService runs;

	private final ExperimentService experiments;

	private final ArtifactService artifacts;

	private final ResourcePermissionService permissions;

	private final Clock clock = Clock.systemUTC();

	RunPageController(RunService runs, ExperimentService experiments, ArtifactService artifacts,
			ResourcePermissionService permissions) {
		this.runs = runs;
		this.experiments = experiments;
		this.artifacts = artifacts;
		this.permissions = permissions;
	}

	@GetMapping("/experiments/{experimentId}/runs/{runId}")
	String run(@PathVariable String experimentId, @PathVariable String runId, Model model) {
		Run run = runOf(this.runs, experimentId, runId);
		Experiment experiment = this.experiments.get(experimentId);
		Page<Run> children = this.runs.search(List.of(experimentId), "tags.`mlflow.parentRunId` = '" + runId + "'",
				ViewType.ACTIVE_ONLY, MAX_CHILDREN, List.of("attributes.start_time DESC"), null);
		boolean canEdit = this.permissions.myPermission(ResourceType.EXPERIMENT, experimentId)
			.includes(Permission.EDIT);
		model.addAttribute("page", RunPageView.of(experiment, run, children, canEdit, this.clock.millis()));
		model.addAttribute("listing", ArtifactPreviewListing.of(this.artifacts.browseRun(runId, null), ""));
		return "runs/run";
	}

	@PostMapping("/experiments/{experimentId}/runs/{runId}/tags")
	String setTag(@PathVariable String experimentId, @PathVariable String runId, @RequestParam String key,
			@RequestParam(defaultValue = "") String value, RedirectAttributes redirect) {
		runOf(this.runs, experimentId, runId);
		this.runs.setTag(runId, new KeyValue(key.trim(), value));
		redirect.addFlashAttribute("notice", "Tag '" + key.trim() + "' saved");
		return "redirect:/experiments/" + experimentId + "/runs/" + runId + "#tags";
	}

	@PostMapping("/experiments/{experimentId}/runs/{runId}/tags/delete")
	String deleteTag(@PathVariable String experimentId, @PathVariable String runId, @RequestParam String key,
			RedirectAttributes redirect) {
		runOf(this.runs, experimentId, runId);
		this.runs.deleteTag(runId, key);
		redirect.addFlashAttribute("notice", "Tag '" + key + "' deleted");
		return "redirect:/experiments/" + experimentId + "/runs/" + runId + "#tags";
	}

	/**
	 * The run, which must belong to the experiment in the page's address; a run of
	 * another experiment is as unknown as a missing one.
	 */
	static Run runOf(RunService runs, String experimentId, String runId) {
		Run run = runs.get(runId);
		if (!run.info().experimentId().equals(experimentId)) {
			throw new SlipwayException(ErrorCode.NOT_FOUND, "Run with id=" + runId + " not found");
		}
		return run;
	}

}
