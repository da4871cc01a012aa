package dev.slipway.web;

import dev.slipway.system.SystemService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page: what this server is and where to go next. */
@Controller
class HomeController {

	private final SystemService system;

	HomeController(SystemService system) {
		this.system = system;
	}

	@GetMapping("/")
	String home(Model model) {
		model.addAttribute("system", this.system.overview());
		return "home";
	}

}
