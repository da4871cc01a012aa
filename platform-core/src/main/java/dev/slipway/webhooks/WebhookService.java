package dev.slipway.webhooks;

import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.Page;
import dev.slipway.query.PageToken;
import dev.slipway.registry.ModelDirectory;
import dev.slipway.registry.RegistryEventType;
import dev.slipway.security.CurrentUser;
import dev.slipway.serving.DeploymentEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Webhook subscriptions, their deliveries and test deliveries. */
@Service
@Transactional(readOnly = true)
public class WebhookService {

	/** The most webhooks one model (or the every-model set) may have. */
	public static final int MAX_PER_MODEL = 20;

	/** The most deliveries one page returns. */
	public static final int MAX_PAGE_SIZE = 200;

	/** The longest webhook name. */
	public static final int MAX_NAME_LENGTH = 250;

	/** The event types a webhook can subscribe to, in a fixed order. */
	public static final List<String> SUBSCRIBABLE_EVENTS = java.util.stream.Stream.concat(
			Arrays.stream(RegistryEventType.values())
				.filter(RegistryEventType::subscribable)
				.map(RegistryEventType::wireName),
			java.util.stream.Stream.concat(java.util.stream.Stream.of("alert.firing", "alert.resolved"),
					DeploymentEvent.SUBSCRIBABLE.stream()))
		.toList();

	private final WebhookRepository repository;

	private final WebhookDispatcher dispatcher;

	private final WebhookSettings settings;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final WebhookAccess access;

	private final ModelDirectory models;

	WebhookService(WebhookRepository repository, WebhookDispatcher dispatcher, WebhookSettings settings,
			ApplicationEventPublisher events, Clock clock, WebhookAccess access, ModelDirectory models) {
		this.repository = repository;
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.events = events;
		this.clock = clock;
		this.access = access;
		this.models = models;
	}

	/**
	 * Creates a webhook on a model (MANAGE), or on every model when the name is null
	 * (ADMIN).
	 */
	@Transactional
	@PreAuthorize("@webhookAccess.model(#modelName, 'MANAGE')")
	public CreatedWebhook create(String modelName, String name, String url, Collection<String> events) {
		String actor = CurrentUser.require().username();
		Long modelId = null;
		if (modelName != null) {
			// The model's row lock keeps two concurrent creations from passing the limit.
			modelId = this.models.lock(modelName)
				.orElseThrow(() -> SlipwayException.notFound("Registered model", modelName));
		}
		String label = name(name);
		String target = WebhookUrls.validate(url).toString();
		List<String> subscribed = events(events);
		if (this.repository.count(modelId) >= MAX_PER_MODEL) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					((modelName != null) ? "Registered model '" + modelName + "' already has " : "There are already ")
							+ MAX_PER_MODEL + " webhooks" + ((modelName != null) ? "" : " for every model")
							+ ", the most allowed");
		}
		String secret = WebhookSigner.newSecret();
		long now = this.clock.millis();
		long id = this.repository.insert(modelId, label, target, secret, String.join(",", subscribed), actor, now);
		Webhook webhook = new Webhook(id, modelName, label, target, subscribed, true, actor, now);
		this.events.publishEvent(new WebhookChanged(now, actor, "webhook.created", id, label, modelId, modelName,
				Map.of(), describe(webhook)));
		return new CreatedWebhook(webhook, secret);
	}

	/**
	 * The webhooks of a model (READ), or the every-model ones when the name is null
	 * (ADMIN).
	 */
	@PreAuthorize("@webhookAccess.model(#modelName, 'READ')")
	public List<Webhook> list(String modelName) {
		Long modelId = null;
		if (modelName != null) {
			modelId = this.models.idOf(modelName)
				.orElseThrow(() -> SlipwayException.notFound("Registered model", modelName));
		}
		return named(this.repository.list(modelId, MAX_PER_MODEL * 5)).stream()
			.map(WebhookRepository.HookRow::webhook)
			.map(this::forCaller)
			.toList();
	}

	/** One webhook; its URL is shown in full only to those who may manage it. */
	@PreAuthorize("@webhookAccess.webhook(#id, 'READ')")
	public Webhook get(long id) {
		return forCaller(require(id).webhook());
	}

	/** Turns a webhook on or off. */
	@Transactional
	@PreAuthorize("@webhookAccess.webhook(#id, 'MANAGE')")
	public Webhook setActive(long id, boolean active) {
		WebhookRepository.HookRow row = require(id);
		Webhook webhook = row.webhook();
		if (webhook.active() == active) {
			return webhook;
		}
		this.repository.setActive(id, active);
		this.events.publishEvent(new WebhookChanged(this.clock.millis(), CurrentUser.require().username(),
				"webhook.updated", id, webhook.name(), row.modelId(), webhook.modelName(),
				activeState(id, webhook.active()), activeState(id, active)));
		return require(id).webhook();
	}

	/** Deletes a webhook and its delivery log. */
	@Transactional
	@PreAuthorize("@webhookAccess.webhook(#id, 'MANAGE')")
	public void delete(long id) {
		WebhookRepository.HookRow row = require(id);
		Webhook webhook = row.webhook();
		this.repository.delete(id);
		this.events
			.publishEvent(new WebhookChanged(this.clock.millis(), CurrentUser.require().username(), "webhook.deleted",
					id, webhook.name(), row.modelId(), webhook.modelName(), describe(webhook), Map.of()));
	}

	/** One page of a webhook's deliveries, newest first. */
	@PreAuthorize("@webhookAccess.webhook(#id, 'READ')")
	public Page<WebhookDelivery> deliveries(long id, String pageToken, int maxResults) {
		if (maxResults < 1 || maxResults > MAX_PAGE_SIZE) {
			throw SlipwayException.invalidArgument("max_results", "must be between 1 and " + MAX_PAGE_SIZE);
		}
		long before = PageToken.decode(pageToken);
		require(id);
		List<WebhookDelivery> deliveries = this.repository.deliveries(id, (before > 0) ? before : null, maxResults + 1);
		if (deliveries.size() <= maxResults) {
			return new Page<>(deliveries, null);
		}
		List<WebhookDelivery> items = List.copyOf(deliveries.subList(0, maxResults));
		return new Page<>(items, PageToken.encode(items.get(items.size() - 1).id()));
	}

	/**
	 * Sends a {@code webhook.test} event now and returns its delivery as it stands. It
	 * runs outside any transaction so the request is not made while holding one; a test
	 * delivery is tried once, even on a turned-off webhook.
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	@PreAuthorize("@webhookAccess.webhook(#id, 'MANAGE')")
	public WebhookDelivery sendTest(long id) {
		WebhookRepository.HookRow hook = require(id);
		if (!this.settings.enabled()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Webhooks are turned off on this server (SLIPWAY_WEBHOOKS_ENABLED)");
		}
		long now = this.clock.millis();
		String eventId = UUID.randomUUID().toString();
		String payload = WebhookPayloads.test(eventId, now, CurrentUser.require().username(), hook.webhook(),
				hook.modelId());
		// Inserted already claimed, so the scheduled dispatcher leaves it to this call.
		long deliveryId = this.repository.insertDelivery(id, eventId, WebhookPayloads.TEST_EVENT, payload,
				now + this.settings.lease().toMillis(), now);
		this.dispatcher.sendOnce(deliveryId);
		return this.repository.delivery(deliveryId).orElseThrow(() -> SlipwayException.notFound("Webhook", id));
	}

	private WebhookRepository.HookRow require(long id) {
		return named(List.of(this.repository.find(id).orElseThrow(() -> SlipwayException.notFound("Webhook", id))))
			.get(0);
	}

	/**
	 * The rows with the current names of their models, read from the registry in one go.
	 */
	private List<WebhookRepository.HookRow> named(List<WebhookRepository.HookRow> rows) {
		Map<Long, String> names = this.models
			.names(rows.stream().map(WebhookRepository.HookRow::modelId).filter(Objects::nonNull).distinct().toList());
		return rows.stream()
			.map((row) -> (row.modelId() != null) ? row.withModelName(names.get(row.modelId())) : row)
			.toList();
	}

	private static String name(String name) {
		if (name == null || name.isBlank()) {
			throw SlipwayException.invalidArgument("name", "is required");
		}
		String label = name.strip();
		if (label.length() > MAX_NAME_LENGTH) {
			throw SlipwayException.invalidArgument("name", "must be at most " + MAX_NAME_LENGTH + " characters");
		}
		return label;
	}

	/** The subscribed types in the fixed order, each once. */
	private static List<String> events(Collection<String> events) {
		String allowed = String.join(", ", SUBSCRIBABLE_EVENTS);
		if (events == null || events.isEmpty()) {
			throw SlipwayException.invalidArgument("events", "name at least one of " + allowed);
		}
		Set<String> wanted = new LinkedHashSet<>();
		for (String event : events) {
			String type = (event != null) ? event.strip() : "";
			if (!SUBSCRIBABLE_EVENTS.contains(type)) {
				throw SlipwayException.invalidArgument("events", "'" + abbreviate(event)
						+ "' is not an event webhooks can subscribe to; expected one of " + allowed);
			}
			wanted.add(type);
		}
		return SUBSCRIBABLE_EVENTS.stream().filter(wanted::contains).toList();
	}

	private static String abbreviate(String text) {
		return (text != null && text.length() > 100) ? text.substring(0, 100) + "..." : text;
	}

	private static Map<String, Object> activeState(long id, boolean active) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("webhook_id", id);
		state.put("active", active);
		return state;
	}

	/** The webhook as the caller may see it: the URL's path and query need MANAGE. */
	private Webhook forCaller(Webhook webhook) {
		if (this.access.webhook(webhook.id(), "MANAGE")) {
			return webhook;
		}
		return new Webhook(webhook.id(), webhook.modelName(), webhook.name(), masked(webhook.url()), webhook.events(),
				webhook.active(), webhook.createdBy(), webhook.createdAt());
	}

	/** {@code https://hooks.example.com/…}: the origin of a URL, the rest hidden. */
	static String masked(String url) {
		try {
			java.net.URI uri = java.net.URI.create(url);
			String origin = uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
			boolean more = (uri.getRawPath() != null && uri.getRawPath().length() > 1) || uri.getRawQuery() != null;
			return more ? origin + "/…" : origin;
		}
		catch (IllegalArgumentException ex) {
			return "…";
		}
	}

	private static Map<String, Object> describe(Webhook webhook) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("webhook_id", webhook.id());
		state.put("model", webhook.modelName());
		state.put("name", webhook.name());
		// The full URL can itself be a secret (chat webhooks); the trail keeps its
		// origin.
		state.put("url", masked(webhook.url()));
		state.put("events", webhook.events());
		state.put("active", webhook.active());
		return state;
	}

}
