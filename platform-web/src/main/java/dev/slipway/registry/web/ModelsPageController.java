package dev.slipway.registry.web;

import java.util.ArrayList;
import java.util.List;

import dev.slipway.error.SlipwayException;
import dev.slipway.query.Page;
import dev.slipway.registry.RegisteredModel;
import dev.slipway.registry.RegistryAccess;
import dev.slipway.registry.RegistryService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The registered models list: search by name or MLflow filter, page through, and create a
 * model. The registry service decides who sees and creates what.
 */
@Controller
@RequestMapping("/models")
public class ModelsPageController {

	/** Models per page. */
	public static final int PAGE_SIZE = 50;

	/** Most previous-page tokens the paging links carry. */
	static final int MAX_PREVIOUS = 20;

	/** Stands for the first page in the previous-page tokens. */
	static final String FIRST_PAGE = "first";

	private final RegistryService registry;

	private final RegistryAccess access;

	ModelsPageController(RegistryService registry, RegistryAccess access) {
		this.registry = registry;
		this.access = access;
	}

	@GetMapping
	String list(ModelSearchForm form, @RequestParam(required = false) String page,
			@RequestParam(required = false) List<String> prev, Model model) {
		List<ModelListItem> items = List.of();
		String next = null;
		try {
			String token = (page == null || page.isBlank() || FIRST_PAGE.equals(page)) ? null : page.trim();
			Page<RegisteredModel> found = this.registry.searchModels(form.filter(), PAGE_SIZE, List.of("name ASC"),
					token);
			items = found.items().stream().map(ModelListItem::of).toList();
			next = found.nextPageToken();
		}
		catch (SlipwayException ex) {
			model.addAttribute("searchError", new ConfirmPage.PageMessage(ex.getMessage()));
		}
		List<String> previous = (prev != null) ? prev : List.of();
		model.addAttribute("models", items);
		model.addAttribute("q", form.text());
		model.addAttribute("filtered", !form.text().isBlank());
		model.addAttribute("nextHref", (next != null) ? listHref(form, next, pushed(previous, page)) : null);
		model.addAttribute("previousHref", previous.isEmpty() ? null
				: listHref(form, previous.get(previous.size() - 1), previous.subList(0, previous.size() - 1)));
		model.addAttribute("canCreate", this.access.canCreate());
		return "models/list";
	}

	@PostMapping
	String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description,
			RedirectAttributes redirect) {
		String trimmed = name.trim();
		try {
			this.registry.createModel(trimmed, description.isBlank() ? null : description.strip(), List.of());
			redirect.addFlashAttribute("notice", "Created model " + trimmed);
			return "redirect:" + RegistryPaths.model(trimmed);
		}
		catch (SlipwayException ex) {
			if (ex.code() == dev.slipway.error.ErrorCode.PERMISSION_DENIED) {
				throw ex;
			}
			redirect.addFlashAttribute("error", new ConfirmPage.PageMessage(ex.getMessage()));
			redirect.addFlashAttribute("newName", name);
			return "redirect:/models";
		}
	}

	private static String listHref(ModelSearchForm form, String page, List<String> previous) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/models");
		if (!form.text().isBlank()) {
			uri.queryParam("q", form.text());
		}
		if (page != null && !page.isEmpty() && !FIRST_PAGE.equals(page)) {
			uri.queryParam("page", page);
		}
		for (String token : previous) {
			uri.queryParam("prev", token);
		}
		return uri.encode().build().toUriString();
	}

	/** The previous-page tokens after moving on from {@code current}, oldest dropped. */
	static List<String> pushed(List<String> previous, String current) {
		List<String> result = new ArrayList<>(previous);
		result.add((current != null && !current.isBlank()) ? current : FIRST_PAGE);
		while (result.size() > MAX_PREVIOUS) {
			result.remove(0);
		}
		return result;
	}

}
