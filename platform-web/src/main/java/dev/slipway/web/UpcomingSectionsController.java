package dev.slipway.web;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The sections of the navigation whose features have not landed yet (serving): an honest
 * empty state instead of a dead link. Each feature replaces its entry with its own
 * controller when it lands.
 */
@Controller
class UpcomingSectionsController {

	/** Section path → what it will hold. */
	private static final Map<String, String[]> SECTIONS = Map.of("deployments",
			new String[] { "Deployments", "Model serving with canary and A/B rollouts and automatic rollback." });

	@GetMapping("/{section:deployments}")
	String section(@PathVariable String section, Model model) {
		String[] text = SECTIONS.get(section);
		if (text == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		model.addAttribute("title", text[0]);
		model.addAttribute("purpose", text[1]);
		model.addAttribute("section", section);
		return "upcoming";
	}

}
