package dev.slipway.webhooks.api;

import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.Refusal;
import dev.slipway.query.Page;
import dev.slipway.webhooks.CreatedWebhook;
import dev.slipway.webhooks.Webhook;
import dev.slipway.webhooks.WebhookDelivery;
import dev.slipway.webhooks.WebhookService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhooks over REST: a model's ({@code /api/v1/models/{name}/webhooks}, MANAGE to
 * change), every model's ({@code /api/v1/webhooks}, admins), one webhook, its delivery
 * log and test deliveries. The signing secret is answered once, on creation. Who may do
 * what is decided by {@link WebhookService}.
 */
@Tag(name = "Webhooks",
		description = "Webhooks of a model (MANAGE to change) or of every model (ADMIN), their deliveries and test deliveries")
@RestController
@RequestMapping("/api/v1")
class WebhooksController {

	/** Deliveries one page holds when the caller names no size. */
	static final int DEFAULT_MAX_RESULTS = 50;

	private final WebhookService webhooks;

	WebhooksController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	/** A webhook; never its secret. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record WebhookJson(long id, String modelName, String name, String url, List<String> events, boolean active,
			String createdBy, long createdAt) {

		static WebhookJson of(Webhook webhook) {
			return new WebhookJson(webhook.id(), webhook.modelName(), webhook.name(), webhook.url(), webhook.events(),
					webhook.active(), webhook.createdBy(), webhook.createdAt());
		}

	}

	/** A new webhook and its secret, shown this once. */
	record CreatedWebhookJson(WebhookJson webhook, String secret) {
	}

	/** Webhooks. */
	record WebhooksJson(List<WebhookJson> webhooks) {

		static WebhooksJson of(List<Webhook> webhooks) {
			return new WebhooksJson(webhooks.stream().map(WebhookJson::of).toList());
		}

	}

	/** What a new webhook subscribes. */
	record NewWebhookJson(String name, String url, List<String> events) {
	}

	/** A change to a webhook. */
	record WebhookChangeJson(Boolean active) {
	}

	/** One delivery; the payload is the JSON text that was (or will be) sent. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record DeliveryJson(long id, long webhookId, String eventId, String eventType, String status, int attempts,
			Long lastAttemptAt, Long nextAttemptAt, Integer responseCode, String lastError, long createdAt,
			String payload) {

		static DeliveryJson of(WebhookDelivery delivery) {
			return new DeliveryJson(delivery.id(), delivery.webhookId(), delivery.eventId(), delivery.eventType(),
					delivery.status(), delivery.attempts(), delivery.lastAttemptAt(), delivery.nextAttemptAt(),
					delivery.responseCode(), delivery.lastError(), delivery.createdAt(), delivery.payload());
		}

	}

	/** One page of deliveries. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record DeliveriesJson(List<DeliveryJson> deliveries, String nextPageToken) {
	}

	@Operation(summary = "A registered model's webhooks")
	@GetMapping("/models/{name}/webhooks")
	WebhooksJson listOfModel(@PathVariable String name) {
		return WebhooksJson.of(this.webhooks.list(name));
	}

	@Operation(summary = "Add a webhook to a registered model; the answer holds the signing secret")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the model already has the most webhooks allowed")
	@PostMapping("/models/{name}/webhooks")
	@ResponseStatus(HttpStatus.CREATED)
	CreatedWebhookJson createOnModel(@PathVariable String name, @RequestBody NewWebhookJson request) {
		return created(this.webhooks.create(name, request.name(), request.url(), events(request)));
	}

	@Operation(summary = "The webhooks of every model (ADMIN)")
	@GetMapping("/webhooks")
	WebhooksJson listGlobal() {
		return WebhooksJson.of(this.webhooks.list(null));
	}

	@Operation(summary = "Add a webhook for every model (ADMIN); the answer holds the signing secret")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "there are already the most webhooks allowed")
	@PostMapping("/webhooks")
	@ResponseStatus(HttpStatus.CREATED)
	CreatedWebhookJson createGlobal(@RequestBody NewWebhookJson request) {
		return created(this.webhooks.create(null, request.name(), request.url(), events(request)));
	}

	@Operation(summary = "One webhook")
	@GetMapping("/webhooks/{id}")
	WebhookJson get(@PathVariable long id) {
		return WebhookJson.of(this.webhooks.get(id));
	}

	@Operation(summary = "Turn a webhook on or off")
	@PatchMapping("/webhooks/{id}")
	WebhookJson update(@PathVariable long id, @RequestBody WebhookChangeJson change) {
		if (change.active() == null) {
			throw SlipwayException.invalidArgument("active", "is required");
		}
		return WebhookJson.of(this.webhooks.setActive(id, change.active()));
	}

	@Operation(summary = "Delete a webhook and its delivery log")
	@DeleteMapping("/webhooks/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id) {
		this.webhooks.delete(id);
	}

	@Operation(summary = "One page of a webhook's deliveries, newest first")
	@GetMapping("/webhooks/{id}/deliveries")
	DeliveriesJson deliveries(@PathVariable long id,
			@RequestParam(name = "page_token", required = false) String pageToken,
			@RequestParam(name = "max_results", required = false) String maxResults) {
		Page<WebhookDelivery> page = this.webhooks.deliveries(id, pageToken, pageSize(maxResults));
		return new DeliveriesJson(page.items().stream().map(DeliveryJson::of).toList(), page.nextPageToken());
	}

	@Operation(summary = "Send a test delivery now")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "webhooks are turned off on this server")
	@PostMapping("/webhooks/{id}/test")
	DeliveryJson test(@PathVariable long id) {
		return DeliveryJson.of(this.webhooks.sendTest(id));
	}

	private static CreatedWebhookJson created(CreatedWebhook created) {
		return new CreatedWebhookJson(WebhookJson.of(created.webhook()), created.secret());
	}

	private static int pageSize(String maxResults) {
		if (maxResults == null || maxResults.isBlank()) {
			return DEFAULT_MAX_RESULTS;
		}
		try {
			return Integer.parseInt(maxResults.trim());
		}
		catch (NumberFormatException ex) {
			throw SlipwayException.invalidArgument("max_results", "'" + maxResults + "' is not an integer");
		}
	}

	private static List<String> events(NewWebhookJson request) {
		return (request.events() != null) ? request.events() : List.of();
	}

}
