package dev.slipway.serving.web;

import java.io.Serializable;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.Page;
import dev.slipway.security.ApiToken;
import dev.slipway.security.CreatedToken;
import dev.slipway.serving.Deployment;
import dev.slipway.serving.DeploymentService;
import dev.slipway.serving.InvokeTokenService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The deployments pages: the list, a deployment's page (one read of
 * {@link DeploymentService#page}), its live JSON for the charts and split, and the
 * promote, pause, resume, abort and roll back buttons. The service decides who may do
 * what.
 */
@Controller
class DeploymentsPageController {

	/** Deployments one page lists. */
	static final int PAGE_SIZE = 50;

	private final DeploymentService deployments;

	private final InvokeTokenService tokens;

	private final Clock clock;

	DeploymentsPageController(DeploymentService deployments, InvokeTokenService tokens, Clock clock) {
		this.deployments = deployments;
		this.tokens = tokens;
		this.clock = clock;
	}

	@GetMapping("/deployments")
	String list(@RequestParam(name = "page_token", required = false) String pageToken, Model model) {
		Page<Deployment> page = this.deployments.list(null, pageToken, PAGE_SIZE);
		model.addAttribute("deployments",
				page.items()
					.stream()
					.map((d) -> new ListRow(d.name(), d.model(), d.stableVersion(), d.candidateVersion(),
							d.phase().name().toLowerCase(Locale.ROOT), DeploymentView.phaseClass(d.phase()),
							(d.plan() != null && d.phase().rollingOut()) ? DeploymentView.strategy(d.plan().strategy())
									: null,
							d.phase().rollingOut() ? DeploymentView.percent(d.candidateWeight()) : null, d.message(),
							DeploymentView.time(d.updatedAt())))
					.toList());
		model.addAttribute("nextHref",
				(page.nextPageToken() != null) ? "/deployments?page_token=" + page.nextPageToken() : null);
		model.addAttribute("firstHref", (pageToken != null) ? "/deployments" : null);
		return "deployments/list";
	}

	/** One row of the list. */
	record ListRow(String name, String model, int stable, Integer candidate, String phase, String phaseClass,
			String strategy, String candidateShare, String message, String updated) {
	}

	@GetMapping("/deployments/{name}")
	String deployment(@PathVariable String name, Model model) {
		DeploymentView view = DeploymentView.of(this.deployments.page(name));
		model.addAttribute("v", view);
		long now = this.clock.millis();
		model.addAttribute("tokens", view.canEdit()
				? this.tokens.list(name).stream().map((token) -> TokenRow.of(token, now)).toList() : List.of());
		return "deployments/deployment";
	}

	/** One invoke-only token on the page. */
	record TokenRow(long id, String name, String owner, String prefix, String created, String lastUsed, String expires,
			boolean active) {

		static TokenRow of(ApiToken token, long now) {
			return new TokenRow(token.id(), token.name(), token.username(), token.prefix(),
					DeploymentView.time(token.createdAt()),
					(token.lastUsedAt() != null) ? DeploymentView.time(token.lastUsedAt()) : "never",
					(token.revokedAt() != null) ? "revoked " + DeploymentView.time(token.revokedAt())
							: (token.expiresAt() != null) ? DeploymentView.time(token.expiresAt()) : "never",
					token.activeAt(now));
		}

	}

	/**
	 * Makes an invoke-only token and shows its secret, the one time it is ever shown; a
	 * bad name or expiry, or too many tokens, is said on the deployment's page.
	 */
	@PostMapping("/deployments/{name}/tokens")
	String createToken(@PathVariable String name, @RequestParam(name = "name", required = false) String tokenName,
			@RequestParam(required = false) String expiresIn, Model model, RedirectAttributes redirect) {
		CreatedToken created;
		try {
			created = this.tokens.create(name, tokenName, expiresAt(expiresIn));
		}
		catch (SlipwayException ex) {
			if (ex.code() != ErrorCode.INVALID_STATE && ex.code() != ErrorCode.INVALID_ARGUMENT) {
				throw ex;
			}
			redirect.addFlashAttribute("error", new PageMessage(ex.getMessage()));
			return "redirect:/deployments/" + name;
		}
		model.addAttribute("deployment", name);
		model.addAttribute("token", created.token());
		model.addAttribute("secret", created.secret());
		model.addAttribute("serverUrl", ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
		return "deployments/token-created";
	}

	@PostMapping("/deployments/{name}/tokens/{id}/revoke")
	String revokeToken(@PathVariable String name, @PathVariable long id, RedirectAttributes redirect) {
		ApiToken token = this.tokens.revoke(name, id);
		redirect.addFlashAttribute("notice", "Invoke token " + token.name() + " is revoked");
		return "redirect:/deployments/" + name;
	}

	private Long expiresAt(String days) {
		if (days == null || days.isBlank()) {
			return null;
		}
		try {
			int count = Integer.parseInt(days.strip());
			if (count < 1 || count > 3650) {
				throw new NumberFormatException();
			}
			return this.clock.millis() + count * 86_400_000L;
		}
		catch (NumberFormatException ex) {
			throw SlipwayException.invalidArgument("expires_in", "must be a number of days from 1 to 3650");
		}
	}

	@GetMapping(path = "/deployments/{name}/live", produces = "application/json")
	@ResponseBody
	LiveJson live(@PathVariable String name) {
		DeploymentView view = DeploymentView.of(this.deployments.live(name));
		return new LiveJson(view.state(), view.phase(), view.candidateWeight(), view.chart());
	}

	/**
	 * What the page polls: when the state (the newest change and the split) differs from
	 * the page's, it reloads; otherwise the charts redraw.
	 */
	record LiveJson(String state, String phase, double candidateWeight, Map<String, Object> chart) {
	}

	@PostMapping("/deployments/{name}/promote")
	String promote(@PathVariable String name, @RequestParam(required = false) String reason,
			RedirectAttributes redirect) {
		return apply(() -> this.deployments.promote(name, reason), "Promoted: the candidate is now stable", name,
				redirect);
	}

	@PostMapping("/deployments/{name}/pause")
	String pause(@PathVariable String name, @RequestParam(required = false) String reason,
			RedirectAttributes redirect) {
		return apply(() -> this.deployments.pause(name, reason), "Paused: the split holds", name, redirect);
	}

	@PostMapping("/deployments/{name}/resume")
	String resume(@PathVariable String name, @RequestParam(required = false) String reason,
			RedirectAttributes redirect) {
		return apply(() -> this.deployments.resume(name, reason), "Resumed", name, redirect);
	}

	@PostMapping("/deployments/{name}/abort")
	String abort(@PathVariable String name, @RequestParam(required = false) String reason,
			RedirectAttributes redirect) {
		return apply(() -> this.deployments.abort(name, reason), "Aborted: all traffic is back on the stable version",
				name, redirect);
	}

	@PostMapping("/deployments/{name}/rollback")
	String rollback(@PathVariable String name, @RequestParam(required = false) String reason,
			RedirectAttributes redirect) {
		return apply(() -> this.deployments.rollback(name, reason), "Rolled back", name, redirect);
	}

	/**
	 * Applies a change and goes back to the page; a deployment in the wrong state for it
	 * is said on the page, while a refusal of permission or an unknown deployment shows
	 * the error page.
	 */
	private static String apply(Supplier<Deployment> change, String notice, String name, RedirectAttributes redirect) {
		try {
			change.get();
			redirect.addFlashAttribute("notice", notice);
		}
		catch (SlipwayException ex) {
			if (ex.code() != ErrorCode.INVALID_STATE && ex.code() != ErrorCode.INVALID_ARGUMENT) {
				throw ex;
			}
			redirect.addFlashAttribute("error", new PageMessage(ex.getMessage()));
		}
		return "redirect:/deployments/" + name;
	}

	/** A refusal shown at the top of the page; serializable, as flash attributes are. */
	record PageMessage(String message) implements Serializable {
	}

}
