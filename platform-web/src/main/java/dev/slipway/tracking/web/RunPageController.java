package dev.slipway.tracking.web;

import java.time.Clock;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;
import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunService;
import dev.slipway.tracking.TrackingPages;

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

	private final RunService runs;

	private final TrackingPages pages;

	private final Clock clock = Clock.systemUTC();

	RunPageController(RunService runs, TrackingPages pages) {
		this.runs = runs;
		this.pages = pages;
	}

	@GetMapping("/experiments/{experimentId}/runs/{runId}")
	String run(@PathVariable String experimentId, @PathVariable String runId, Model model) {
		TrackingPages.RunPage page = this.pages.run(experimentId, runId);
		model.addAttribute("page",
				RunPageView.of(page.experiment(), page.run(), page.children(), page.canEdit(), this.clock.millis()));
		model.addAttribute("listing", ArtifactPreviewListing.of(page.artifacts(), ""));
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
