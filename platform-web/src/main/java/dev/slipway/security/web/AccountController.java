package dev.slipway.security.web;

import java.time.Clock;

import dev.slipway.error.SlipwayException;
import dev.slipway.security.ApiToken;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.CreatedToken;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.NewToken;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.security.UserService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The signed-in user's own account: profile, password and API tokens. */
@Controller
@RequestMapping("/account")
class AccountController {

	private final UserService users;

	private final ApiTokenService tokens;

	private final SessionContext sessions;

	private final Clock clock;

	AccountController(UserService users, ApiTokenService tokens, SessionContext sessions, Clock clock) {
		this.users = users;
		this.tokens = tokens;
		this.sessions = sessions;
		this.clock = clock;
	}

	@GetMapping
	String account(Model model) {
		long now = this.clock.millis();
		model.addAttribute("user", UserView.of(this.users.me(), now));
		model.addAttribute("tokens", this.tokens.list(null).stream().map((token) -> TokenView.of(token, now)).toList());
		model.addAttribute("service", false);
		model.addAttribute("tokenAction", "/account/tokens");
		if (!model.containsAttribute("tokenForm")) {
			model.addAttribute("tokenForm", new TokenForm("", "90", ""));
		}
		return "account/account";
	}

	@GetMapping("/password")
	String passwordPage(Model model) {
		model.addAttribute("forced", CurrentUser.require().mustChangePassword());
		return "account/password";
	}

	@PostMapping("/password")
	String changePassword(PasswordForm form, HttpServletRequest request, HttpServletResponse response, Model model,
			RedirectAttributes redirect) {
		SlipwayPrincipal principal;
		try {
			if (form.newPassword() == null || !form.newPassword().equals(form.confirmPassword())) {
				throw SlipwayException.invalidArgument("confirm_password", "does not match the new password");
			}
			principal = this.users.changeOwnPassword(form.currentPassword(), form.newPassword());
		}
		catch (SlipwayException ex) {
			model.addAttribute("error", FormError.of(ex));
			return passwordPage(model);
		}
		request.changeSessionId();
		this.sessions.adopt(principal, request, response);
		redirect.addFlashAttribute("notice", "Your password has been changed");
		return "redirect:/account";
	}

	@PostMapping("/tokens")
	String createToken(TokenForm form, Model model) {
		CreatedToken created;
		try {
			created = this.tokens.create(new NewToken(form.name(), form.expiresAt(this.clock), null));
		}
		catch (SlipwayException ex) {
			model.addAttribute("tokenError", FormError.of(ex));
			model.addAttribute("tokenForm", form);
			return account(model);
		}
		return tokenCreated(created, "/account", model);
	}

	@PostMapping("/tokens/{id}/revoke")
	String revokeToken(@PathVariable long id, RedirectAttributes redirect) {
		ApiToken token = this.tokens.revoke(id);
		redirect.addFlashAttribute("notice", "Token " + token.name() + " is revoked");
		return "redirect:/account";
	}

	/** The one page that ever shows a token's secret. */
	static String tokenCreated(CreatedToken created, String back, Model model) {
		model.addAttribute("token", created.token());
		model.addAttribute("secret", created.secret());
		model.addAttribute("trackingUri", ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
		model.addAttribute("back", back);
		return "account/token-created";
	}

}
