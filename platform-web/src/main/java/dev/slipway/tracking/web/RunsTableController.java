package dev.slipway.tracking.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.tracking.ColumnPreferences;
import dev.slipway.tracking.Experiment;
import dev.slipway.tracking.Metric;
import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunInfo;
import dev.slipway.tracking.RunService;
import dev.slipway.tracking.RunStatus;
import dev.slipway.tracking.RunTableColumns;
import dev.slipway.tracking.TrackingPages;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The runs table of an experiment: filter, sort, choose columns, page, delete, pick runs
 * to compare, and the small JSON read that keeps running runs fresh.
 */
@Controller
@RequestMapping("/experiments/{experimentId}/runs")
class RunsTableController {

	private final RunService runs;

	private final ColumnPreferences preferences;

	private final TrackingPages pages;

	private final Clock clock;

	RunsTableController(RunService runs, ColumnPreferences preferences, TrackingPages pages, Clock clock) {
		this.runs = runs;
		this.preferences = preferences;
		this.pages = pages;
		this.clock = clock;
	}

	@GetMapping
	String table(@PathVariable String experimentId, RunsTableQuery query, Model model) {
		TrackingPages.RunsPage page = this.pages.runs(experimentId, blankToNull(query.filterText()), query.viewType(),
				query.size(), query.orderList(), query.token());
		if (page.refusal() != null) {
			model.addAttribute("filterError", ExperimentsMessage.of(page.refusal()));
		}
		Experiment experiment = page.experiment();
		RunsTableView table = RunsTableView.of(experimentId, query, page.runs(), page.columns(), page.keys(),
				this.clock.millis());
		model.addAttribute("experiment", experiment);
		model.addAttribute("table", table);
		model.addAttribute("query", query);
		model.addAttribute("selfHref", query.href(experimentId));
		model.addAttribute("filtered", !query.filterText().isEmpty() || !"active".equals(query.viewName()));
		return "runs/list";
	}

	@PostMapping("/columns")
	String columns(@PathVariable String experimentId, @RequestParam(required = false) List<String> columns,
			@RequestParam(required = false) String back, RedirectAttributes redirect) {
		try {
			this.preferences.save(experimentId, (columns != null) ? columns : List.of());
			redirect.addFlashAttribute("notice", "Columns saved");
		}
		catch (SlipwayException ex) {
			redirect.addFlashAttribute("error", ExperimentsMessage.of(ex));
		}
		return "redirect:" + backTo(experimentId, back);
	}

	@PostMapping("/delete")
	String delete(@PathVariable String experimentId, @RequestParam(required = false) List<String> runIds,
			@RequestParam(required = false) String back, RedirectAttributes redirect) {
		List<String> ids = (runIds != null) ? runIds.stream().distinct().toList() : List.of();
		if (ids.isEmpty() || ids.size() > RunService.MAX_REFRESHED_RUNS) {
			redirect.addFlashAttribute("error", new ExperimentsMessage(
					"Select between 1 and " + RunService.MAX_REFRESHED_RUNS + " runs to delete"));
			return "redirect:" + backTo(experimentId, back);
		}
		int deleted = 0;
		int denied = 0;
		List<String> failures = new ArrayList<>();
		for (String runId : ids) {
			try {
				this.runs.delete(runId);
				deleted++;
			}
			catch (AccessDeniedException ex) {
				denied++;
				failures.add(runId + ": you may not delete this run");
			}
			catch (SlipwayException ex) {
				failures.add(runId + ": " + ex.getMessage());
			}
		}
		if (denied == ids.size()) {
			// Refused outright: answer as every other refused action does (403 page).
			throw new AccessDeniedException("You may not delete these runs");
		}
		if (deleted > 0) {
			redirect.addFlashAttribute("notice", "Deleted " + deleted + ((deleted == 1) ? " run" : " runs"));
		}
		if (!failures.isEmpty()) {
			redirect.addFlashAttribute("error", new ExperimentsMessage("Not deleted: " + failures.size()));
			redirect.addFlashAttribute("failures", failures);
		}
		return "redirect:" + backTo(experimentId, back);
	}

	@GetMapping(path = "/live", produces = "application/json")
	@ResponseBody
	RunsTableLive live(@PathVariable String experimentId, @RequestParam(required = false) List<String> runIds,
			@RequestParam(required = false) List<String> metrics) {
		long now = this.clock.millis();
		List<String> keys = (metrics != null) ? metrics.stream().limit(RunTableColumns.MAX_COLUMNS).toList()
				: List.of();
		List<RunsTableLive.Item> items = new ArrayList<>();
		for (Run run : this.runs.getAll(experimentId, (runIds != null) ? runIds : List.of())) {
			Map<String, String> values = new LinkedHashMap<>();
			for (Metric metric : run.metrics()) {
				if (keys.contains(metric.key())) {
					values.put(metric.key(), RunsTableFormat.number(metric.value()));
				}
			}
			RunInfo info = run.info();
			items.add(new RunsTableLive.Item(info.runId(), info.status().name(),
					"badge status-" + info.status().name().toLowerCase(java.util.Locale.ROOT),
					info.status() == RunStatus.RUNNING, info.endTime(),
					RunsTableFormat.duration(info.startTime(), info.endTime(), now), values));
		}
		return new RunsTableLive(items);
	}

	/** Where to go back after a form: the table the form was on, never another site. */
	private static String backTo(String experimentId, String back) {
		if (experimentId == null || !experimentId.matches("[0-9]{1,19}")) {
			return "/experiments";
		}
		String base = "/experiments/" + experimentId + "/runs";
		if (back != null && back.startsWith(base) && !back.contains("//") && !back.contains("\\")) {
			return back;
		}
		return base;
	}

	private static String blankToNull(String text) {
		return ExperimentsPageController.blankToNull(text);
	}

}
