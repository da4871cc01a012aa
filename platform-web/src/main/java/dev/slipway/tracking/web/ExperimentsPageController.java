package dev.slipway.tracking.web;

import java.util.ArrayList;
import java.util.List;

import dev.slipway.error.SlipwayException;
import dev.slipway.tracking.ExperimentService;
import dev.slipway.tracking.TrackingPages;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The experiments list: search, create, rename, delete and restore. The services decide
 * who may do what; this page maps forms to them.
 */
@Controller
@RequestMapping("/experiments")
class ExperimentsPageController {

	static final int PAGE_SIZE = 50;

	/** Most previous-page tokens the paging links carry. */
	static final int MAX_PREVIOUS = 20;

	private final ExperimentService experiments;

	private final TrackingPages pages;

	ExperimentsPageController(ExperimentService experiments, TrackingPages pages) {
		this.experiments = experiments;
		this.pages = pages;
	}

	@GetMapping
	String list(ExperimentsSearchForm form, @RequestParam(required = false) String page,
			@RequestParam(required = false) List<String> prev, Model model) {
		String token = RunsTableQuery.FIRST_PAGE.equals(page) ? null : blankToNull(page);
		TrackingPages.ExperimentsPage found = this.pages.experiments(form.viewType(), form.filter(), PAGE_SIZE, token);
		if (found.refusal() != null) {
			model.addAttribute("searchError", ExperimentsMessage.of(found.refusal()));
		}
		List<ExperimentsListItem> items = found.experiments()
			.items()
			.stream()
			.map((experiment) -> ExperimentsListItem.of(experiment, found.activity().get(experiment.experimentId())))
			.toList();
		String next = found.experiments().nextPageToken();
		List<String> previous = (prev != null) ? prev : List.of();
		model.addAttribute("experiments", items);
		model.addAttribute("q", form.text());
		model.addAttribute("view", form.viewName());
		model.addAttribute("filtered", !form.text().isBlank() || !"active".equals(form.viewName()));
		model.addAttribute("nextHref", (next != null) ? listHref(form, next, pushed(previous, page)) : null);
		model.addAttribute("previousHref", previous.isEmpty() ? null
				: listHref(form, previous.get(previous.size() - 1), previous.subList(0, previous.size() - 1)));
		model.addAttribute("canCreate", found.canCreate());
		return "experiments/list";
	}

	@PostMapping
	String create(@RequestParam(defaultValue = "") String name, RedirectAttributes redirect) {
		try {
			String id = this.experiments.create(name.trim(), null, List.of());
			redirect.addFlashAttribute("notice", "Created experiment " + name.trim());
			return "redirect:/experiments/" + id + "/runs";
		}
		catch (SlipwayException ex) {
			redirect.addFlashAttribute("error", ExperimentsMessage.of(ex));
			redirect.addFlashAttribute("newName", name);
			return "redirect:/experiments";
		}
	}

	@PostMapping("/{experimentId}/rename")
	String rename(@PathVariable String experimentId, @RequestParam(defaultValue = "") String name,
			RedirectAttributes redirect) {
		return change(redirect, "Renamed to " + name.trim(), "active",
				() -> this.experiments.rename(experimentId, name.trim()));
	}

	@PostMapping("/{experimentId}/delete")
	String delete(@PathVariable String experimentId, RedirectAttributes redirect) {
		return change(redirect, "Deleted experiment " + experimentId, "active",
				() -> this.experiments.delete(experimentId));
	}

	@PostMapping("/{experimentId}/restore")
	String restore(@PathVariable String experimentId, RedirectAttributes redirect) {
		return change(redirect, "Restored experiment " + experimentId, "all",
				() -> this.experiments.restore(experimentId));
	}

	private String change(RedirectAttributes redirect, String notice, String view, Runnable action) {
		try {
			action.run();
			redirect.addFlashAttribute("notice", notice);
		}
		catch (SlipwayException ex) {
			redirect.addFlashAttribute("error", ExperimentsMessage.of(ex));
		}
		return "redirect:/experiments?view=" + view;
	}

	private static String listHref(ExperimentsSearchForm form, String page, List<String> previous) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/experiments");
		if (!form.text().isBlank()) {
			uri.queryParam("q", form.text());
		}
		uri.queryParam("view", form.viewName());
		if (page != null && !page.isEmpty() && !RunsTableQuery.FIRST_PAGE.equals(page)) {
			uri.queryParam("page", page);
		}
		for (String token : previous) {
			uri.queryParam("prev", token);
		}
		return uri.encode().build().toUriString();
	}

	/**
	 * The previous-page tokens after moving on from {@code current}, the oldest dropped.
	 */
	static List<String> pushed(List<String> previous, String current) {
		List<String> result = new ArrayList<>(previous);
		result.add((current != null && !current.isBlank()) ? current : RunsTableQuery.FIRST_PAGE);
		while (result.size() > MAX_PREVIOUS) {
			result.remove(0);
		}
		return result;
	}

	static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.trim();
	}

}
