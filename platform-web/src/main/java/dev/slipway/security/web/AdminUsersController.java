package dev.slipway.security.web;

import java.time.Clock;
import java.util.List;

import dev.slipway.error.SlipwayException;
import dev.slipway.security.ApiToken;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.CreatedToken;
import dev.slipway.security.CreatedUser;
import dev.slipway.security.NewToken;
import dev.slipway.security.Role;
import dev.slipway.security.User;
import dev.slipway.security.UserChanges;
import dev.slipway.security.UserList;
import dev.slipway.security.UserService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * Account administration pages. The services decide who may do what; these pages only map
 * forms to them.
 */
@Controller
@RequestMapping("/admin/users")
class AdminUsersController {

	static final int PAGE_SIZE = 50;

	private final UserService users;

	private final ApiTokenService tokens;

	private final Clock clock;

	AdminUsersController(UserService users, ApiTokenService tokens, Clock clock) {
		this.users = users;
		this.tokens = tokens;
		this.clock = clock;
	}

	@GetMapping
	String list(@RequestParam(required = false) String prefix, @RequestParam(required = false) String page,
			Model model) {
		long now = this.clock.millis();
		UserList list = this.users.list(blankToNull(prefix), PAGE_SIZE, blankToNull(page));
		model.addAttribute("users", list.users().stream().map((user) -> UserView.of(user, now)).toList());
		model.addAttribute("nextPage", list.nextPageToken());
		model.addAttribute("prefix", (prefix != null) ? prefix : "");
		model.addAttribute("roles", Role.values());
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", NewUserForm.empty());
		}
		return "admin/users";
	}

	@PostMapping
	String create(NewUserForm form, Model model) {
		CreatedUser created;
		try {
			created = this.users.create(form.toNewUser());
		}
		catch (SlipwayException ex) {
			model.addAttribute("error", FormError.of(ex));
			model.addAttribute("form", form);
			return list(null, null, model);
		}
		model.addAttribute("user", UserView.of(created.user(), this.clock.millis()));
		model.addAttribute("oneTimePassword", created.oneTimePassword());
		model.addAttribute("created", true);
		return "admin/user-password";
	}

	@GetMapping("/{username}")
	String user(@PathVariable String username, Model model) {
		User user = this.users.get(username);
		long now = this.clock.millis();
		UserView view = UserView.of(user, now);
		model.addAttribute("user", view);
		model.addAttribute("roles", Role.values());
		List<TokenView> held = this.tokens.list(user.username())
			.stream()
			.map((token) -> TokenView.of(token, now))
			.toList();
		model.addAttribute("tokens", held);
		model.addAttribute("service", view.service());
		model.addAttribute("tokenAction", "/admin/users/" + path(user.username()) + "/tokens");
		if (!model.containsAttribute("tokenForm")) {
			model.addAttribute("tokenForm", new TokenForm("", "90", ""));
		}
		return "admin/user";
	}

	@PostMapping("/{username}/role")
	String changeRole(@PathVariable String username, @RequestParam String role, Model model,
			RedirectAttributes redirect) {
		return change(username, model, redirect, "Role changed",
				() -> this.users.update(username, new UserChanges(Role.parse("role", role), null, null, null)));
	}

	@PostMapping("/{username}/enabled")
	String changeEnabled(@PathVariable String username, @RequestParam boolean enabled, Model model,
			RedirectAttributes redirect) {
		return change(username, model, redirect, enabled ? "Account enabled" : "Account disabled",
				() -> this.users.update(username, new UserChanges(null, enabled, null, null)));
	}

	@PostMapping("/{username}/unlock")
	String unlock(@PathVariable String username, Model model, RedirectAttributes redirect) {
		return change(username, model, redirect, "Account unlocked", () -> this.users.unlock(username));
	}

	@PostMapping("/{username}/password")
	String resetPassword(@PathVariable String username, @RequestParam(required = false) String password, Model model) {
		CreatedUser reset;
		try {
			reset = this.users.resetPassword(username, blankToNull(password));
		}
		catch (SlipwayException ex) {
			model.addAttribute("error", FormError.of(ex));
			return user(username, model);
		}
		model.addAttribute("user", UserView.of(reset.user(), this.clock.millis()));
		model.addAttribute("oneTimePassword", reset.oneTimePassword());
		model.addAttribute("created", false);
		return "admin/user-password";
	}

	@GetMapping("/{username}/delete")
	String confirmDelete(@PathVariable String username, Model model) {
		model.addAttribute("user", UserView.of(this.users.get(username), this.clock.millis()));
		return "admin/user-delete";
	}

	@PostMapping("/{username}/delete")
	String delete(@PathVariable String username, Model model, RedirectAttributes redirect) {
		try {
			this.users.delete(username);
		}
		catch (SlipwayException ex) {
			model.addAttribute("error", FormError.of(ex));
			return user(username, model);
		}
		redirect.addFlashAttribute("notice", "Deleted " + username);
		return "redirect:/admin/users";
	}

	@PostMapping("/{username}/tokens")
	String createToken(@PathVariable String username, TokenForm form, Model model) {
		CreatedToken created;
		try {
			created = this.tokens.create(new NewToken(form.name(), form.expiresAt(this.clock), username));
		}
		catch (SlipwayException ex) {
			model.addAttribute("tokenError", FormError.of(ex));
			model.addAttribute("tokenForm", form);
			return user(username, model);
		}
		return AccountController.tokenCreated(created, "/admin/users/" + path(created.token().username()), model);
	}

	@PostMapping("/{username}/tokens/{id}/revoke")
	String revokeToken(@PathVariable String username, @PathVariable long id, RedirectAttributes redirect) {
		ApiToken token = this.tokens.revoke(id);
		redirect.addFlashAttribute("notice", "Token " + token.name() + " is revoked");
		return "redirect:/admin/users/" + path(token.username());
	}

	private String change(String username, Model model, RedirectAttributes redirect, String notice, Runnable action) {
		try {
			action.run();
		}
		catch (SlipwayException ex) {
			model.addAttribute("error", FormError.of(ex));
			return user(username, model);
		}
		redirect.addFlashAttribute("notice", notice);
		return "redirect:/admin/users/" + path(username);
	}

	private static String path(String username) {
		return UriUtils.encodePathSegment(username, java.nio.charset.StandardCharsets.UTF_8);
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.trim();
	}

}
