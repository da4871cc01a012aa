package dev.slipway.webhooks.web;

import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.Page;
import dev.slipway.registry.RegisteredModel;
import dev.slipway.registry.RegistryAccess;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.web.ConfirmPage;
import dev.slipway.registry.web.RegistryPaths;
import dev.slipway.webhooks.CreatedWebhook;
import dev.slipway.webhooks.Webhook;
import dev.slipway.webhooks.WebhookDelivery;
import dev.slipway.webhooks.WebhookService;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A registered model's webhooks: list, create (the signing secret is shown once), turn on
 * or off, delete, send a test event, and each webhook's delivery log. It lives with the
 * webhooks feature, which depends on the registry, so the registry never depends back.
 */
@Controller
@RequestMapping("/models/{name}/webhooks")
class ModelWebhooksPageController {

	/** Deliveries per page of the log. */
	static final int DELIVERIES_PAGE = 50;

	private final WebhookService webhooks;

	private final RegistryService registry;

	private final RegistryAccess access;

	ModelWebhooksPageController(WebhookService webhooks, RegistryService registry, RegistryAccess access) {
		this.webhooks = webhooks;
		this.registry = registry;
		this.access = access;
	}

	@GetMapping
	String list(@PathVariable String name, Model model) {
		RegisteredModel registered = this.registry.getModel(name);
		model.addAttribute("model", registered);
		model.addAttribute("modelHref", RegistryPaths.model(name));
		model.addAttribute("href", RegistryPaths.webhooks(name));
		model.addAttribute("webhooks", this.webhooks.list(name).stream().map(WebhookRow::of).toList());
		model.addAttribute("events", WebhookService.SUBSCRIBABLE_EVENTS);
		model.addAttribute("canManage", this.access.model(name, "MANAGE"));
		return "models/webhooks";
	}

	@PostMapping
	String create(@PathVariable String name, @RequestParam(defaultValue = "") String label,
			@RequestParam(defaultValue = "") String url, @RequestParam(required = false) List<String> events,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		List<String> chosen = (events != null) ? events : List.of();
		String back = RegistryPaths.webhooks(name);
		if (!confirmed) {
			this.registry.getModel(name);
			require(this.access.model(name, "MANAGE"));
			ConfirmPage page = ConfirmPage.of("Create webhook " + label.trim(), name, null, back, back)
				.change("A webhook named “" + label.trim() + "” will POST "
						+ (chosen.isEmpty() ? "no events" : String.join(", ", chosen)) + " of " + name + " to "
						+ url.trim() + ".")
				.change("Each delivery is signed with HMAC-SHA256; the secret is shown once, on the next page.")
				.carry("label", label.trim())
				.carry("url", url.trim());
			chosen.forEach((event) -> page.carry("events", event));
			return page.submit("Create webhook", false).show(model);
		}
		try {
			CreatedWebhook created = this.webhooks.create(name, label.trim(), url.trim(), chosen);
			redirect.addFlashAttribute("notice", "Created webhook " + created.webhook().name());
			redirect.addFlashAttribute("secret", created.secret());
			return "redirect:" + back + "/" + created.webhook().id();
		}
		catch (SlipwayException ex) {
			if (ex.code() == ErrorCode.PERMISSION_DENIED || ex.code() == ErrorCode.NOT_FOUND) {
				throw ex;
			}
			redirect.addFlashAttribute("error", new ConfirmPage.PageMessage(ex.getMessage()));
			return "redirect:" + back;
		}
	}

	@GetMapping("/{id}")
	String webhook(@PathVariable String name, @PathVariable long id, @RequestParam(required = false) String page,
			Model model) {
		RegisteredModel registered = this.registry.getModel(name);
		Webhook webhook = webhookOf(name, id);
		Page<WebhookDelivery> deliveries = this.webhooks.deliveries(id, (page == null || page.isBlank()) ? null : page,
				DELIVERIES_PAGE);
		model.addAttribute("model", registered);
		model.addAttribute("modelHref", RegistryPaths.model(name));
		model.addAttribute("webhooksHref", RegistryPaths.webhooks(name));
		model.addAttribute("href", RegistryPaths.webhooks(name) + "/" + id);
		model.addAttribute("webhook", WebhookRow.of(webhook));
		model.addAttribute("deliveries", deliveries.items().stream().map(DeliveryRow::of).toList());
		model.addAttribute("nextHref", (deliveries.nextPageToken() != null)
				? RegistryPaths.webhooks(name) + "/" + id + "?page=" + deliveries.nextPageToken() : null);
		model.addAttribute("firstHref",
				(page != null && !page.isBlank()) ? RegistryPaths.webhooks(name) + "/" + id : null);
		model.addAttribute("canManage", this.access.model(name, "MANAGE"));
		return "models/webhook";
	}

	@PostMapping("/{id}/active")
	String setActive(@PathVariable String name, @PathVariable long id, @RequestParam boolean active,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		Webhook webhook = webhookOf(name, id);
		String back = RegistryPaths.webhooks(name) + "/" + id;
		if (!confirmed) {
			require(this.access.model(name, "MANAGE"));
			return ConfirmPage
				.of((active ? "Enable" : "Disable") + " webhook " + webhook.name(), name, null, back + "/active", back)
				.change(active ? "Webhook “" + webhook.name() + "” will send events to " + webhook.url() + " again."
						: "Webhook “" + webhook.name() + "” will stop sending events; it keeps its delivery log.")
				.carry("active", active)
				.submit(active ? "Enable webhook" : "Disable webhook", !active)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.webhooks.setActive(id, active),
				(active ? "Enabled" : "Disabled") + " webhook " + webhook.name(), back, redirect);
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable String name, @PathVariable long id,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		Webhook webhook = webhookOf(name, id);
		String back = RegistryPaths.webhooks(name);
		if (!confirmed) {
			require(this.access.model(name, "MANAGE"));
			return ConfirmPage
				.of("Delete webhook " + webhook.name(), name, null, back + "/" + id + "/delete", back + "/" + id)
				.change("Webhook “" + webhook.name() + "” (" + webhook.url()
						+ ") and its delivery log will be deleted.")
				.submit("Delete webhook", true)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.webhooks.delete(id), "Deleted webhook " + webhook.name(), back, redirect);
	}

	@PostMapping("/{id}/test")
	String test(@PathVariable String name, @PathVariable long id,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		Webhook webhook = webhookOf(name, id);
		String back = RegistryPaths.webhooks(name) + "/" + id;
		if (!confirmed) {
			require(this.access.model(name, "MANAGE"));
			return ConfirmPage.of("Send a test event", name, null, back + "/test", back)
				.change("A webhook.test event will be POSTed to " + webhook.url()
						+ " now; the delivery appears in the log.")
				.submit("Send test", false)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.webhooks.sendTest(id), "Sent a test event to " + webhook.url(), back,
				redirect);
	}

	private Webhook webhookOf(String name, long id) {
		Webhook webhook = this.webhooks.get(id);
		if (webhook.modelName() == null || !webhook.modelName().equals(name)) {
			throw SlipwayException.notFound("Webhook", id);
		}
		return webhook;
	}

	private static void require(boolean allowed) {
		if (!allowed) {
			throw new AccessDeniedException("You may not do this");
		}
	}

	/**
	 * A webhook as the pages show it.
	 *
	 * @param id the webhook id
	 * @param name its label
	 * @param url where it posts
	 * @param events the events it follows, comma-separated
	 * @param active whether it sends
	 * @param createdBy who created it
	 * @param created when, as text
	 */
	record WebhookRow(long id, String name, String url, String events, boolean active, String createdBy,
			String created) {

		static WebhookRow of(Webhook webhook) {
			return new WebhookRow(webhook.id(), webhook.name(), webhook.url(), String.join(", ", webhook.events()),
					webhook.active(), webhook.createdBy(), RegistryPaths.time(webhook.createdAt()));
		}

	}

	/**
	 * One delivery of the log.
	 *
	 * @param delivery the delivery
	 * @param created when it was queued, as text
	 * @param lastAttempt when it was last tried, as text
	 * @param nextAttempt when it is tried next, as text
	 * @param statusClass the status badge's classes
	 */
	record DeliveryRow(WebhookDelivery delivery, String created, String lastAttempt, String nextAttempt,
			String statusClass) {

		static DeliveryRow of(WebhookDelivery delivery) {
			return new DeliveryRow(delivery, RegistryPaths.time(delivery.createdAt()),
					RegistryPaths.time(delivery.lastAttemptAt()), RegistryPaths.time(delivery.nextAttemptAt()),
					"badge delivery-" + delivery.status().toLowerCase(java.util.Locale.ROOT));
		}

	}

}
