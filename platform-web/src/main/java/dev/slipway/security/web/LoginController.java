package dev.slipway.security.web;

import dev.slipway.security.CurrentUser;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; Spring Security's form login handles the form it posts. */
@Controller
class LoginController {

	private final ObjectProvider<WebLoginExtension> extensions;

	LoginController(ObjectProvider<WebLoginExtension> extensions) {
		this.extensions = extensions;
	}

	@GetMapping("/login")
	String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
			@RequestParam(required = false) String expired, HttpSession session, Model model) {
		if (CurrentUser.find().isPresent()) {
			return "redirect:/";
		}
		if (error != null) {
			model.addAttribute("problem", lastProblem(session));
		}
		model.addAttribute("loggedOut", logout != null);
		model.addAttribute("expired", expired != null);
		model.addAttribute("sso", this.extensions.getIfAvailable());
		return "login";
	}

	private static String lastProblem(HttpSession session) {
		Object message = session.getAttribute(LoginFailureHandler.MESSAGE);
		session.removeAttribute(LoginFailureHandler.MESSAGE);
		if (message != null) {
			return message.toString();
		}
		if (session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) != null) {
			session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
			return "Sign-in failed";
		}
		return LoginFailureHandler.INVALID;
	}

}
