package dev.slipway.home.web;

import java.util.Comparator;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The home page: the overview a user opens each morning. The features fill it with their
 * cards ({@link HomeCardProvider}), each from one read of its own; the page only lays
 * them out.
 */
@Controller
class HomeController {

	private final ObjectProvider<HomeCardProvider> providers;

	HomeController(ObjectProvider<HomeCardProvider> providers) {
		this.providers = providers;
	}

	@GetMapping("/")
	String home(Model model) {
		List<HomeCard> cards = this.providers.orderedStream()
			.flatMap((provider) -> provider.cards().stream())
			.sorted(Comparator.comparingInt(HomeCard::order).thenComparing(HomeCard::id))
			.toList();
		model.addAttribute("cards", cards);
		return "home";
	}

}
