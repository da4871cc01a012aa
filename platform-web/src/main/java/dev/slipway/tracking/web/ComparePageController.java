package dev.slipway.tracking.web;

import java.util.List;

import dev.slipway.tracking.RunComparison;
import dev.slipway.tracking.RunInfo;
import dev.slipway.tracking.TrackingPages;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Runs side by side: params, latest metrics, overlaid charts and a scatter plot. */
@Controller
class ComparePageController {

	private final TrackingPages pages;

	ComparePageController(TrackingPages pages) {
		this.pages = pages;
	}

	@GetMapping("/experiments/{experimentId}/compare")
	String compare(@PathVariable String experimentId, @RequestParam(required = false) List<String> runIds,
			Model model) {
		TrackingPages.ComparePage page = this.pages.compare(experimentId, runIds);
		model.addAttribute("experiment", page.experiment());
		RunComparison comparison = page.comparison();
		model.addAttribute("comparison", comparison);
		model.addAttribute("runIds", String.join(",", comparison.runs().stream().map(RunInfo::runId).toList()));
		return "runs/compare";
	}

}
