package dev.slipway.home.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Where links in the MLflow UI's form land. Their part after {@code #} never reaches a
 * server, so the home and sign-in pages' script ({@code js/mlflow-links.js}) sends it
 * here, and this answers with a redirect to Slipway's page for it ({@link MlflowLinks}).
 * A link Slipway has no page for goes to the home page, which says so.
 */
@Controller
class MlflowLinkController {

	/** The longest piece of an unknown link the home page repeats. */
	static final int MAX_SHOWN = 200;

	@GetMapping("/mlflow-link")
	String open(@RequestParam(defaultValue = "") String fragment, RedirectAttributes redirect) {
		return MlflowLinks.pathFor(fragment).map((path) -> "redirect:" + path).orElseGet(() -> {
			String shown = (fragment.length() <= MAX_SHOWN) ? fragment : fragment.substring(0, MAX_SHOWN) + "…";
			redirect.addFlashAttribute("notice", "Slipway has no page for the MLflow link #" + shown);
			return "redirect:/";
		});
	}

}
