package dev.slipway.tracking.web;

import java.util.List;

import dev.slipway.tracking.ExperimentService;
import dev.slipway.tracking.RunComparison;
import dev.slipway.tracking.RunComparisonService;
import dev.slipway.tracking.RunInfo;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Runs side by side: params, latest metrics, overlaid charts and a scatter plot. */
@Controller
class ComparePageController {

	private final RunComparisonService comparisons;

	private final ExperimentService experiments;

	ComparePageController(RunComparisonService comparisons, ExperimentService experiments) {
		this.comparisons = comparisons;
		this.experiments = experiments;
	}

	@GetMapping("/experiments/{experimentId}/compare")
	String compare(@PathVariable String experimentId, @RequestParam(required = false) List<String> runIds,
			Model model) {
		model.addAttribute("experiment", this.experiments.get(experimentId));
		RunComparison comparison = this.comparisons.compare(runIds);
		model.addAttribute("comparison", comparison);
		model.addAttribute("runIds", String.join(",", comparison.runs().stream().map(RunInfo::runId).toList()));
		return "runs/compare";
	}

}
