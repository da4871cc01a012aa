package dev.slipway.webhooks;

import java.time.Clock;
import java.util.UUID;

import dev.slipway.monitoring.MonitorAlert;
import dev.slipway.registry.RegistryEvent;
import dev.slipway.serving.DeploymentEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues a delivery for every active webhook that follows a registry event, in the
 * transaction that made the change: a change that rolls back queues nothing, and one that
 * commits cannot lose its deliveries.
 */
@Component
class WebhookOutbox {

	/** At most this many subscribers receive one event: a model's and the global ones. */
	private static final int MAX_SUBSCRIBERS = 2 * WebhookService.MAX_PER_MODEL;

	private final WebhookRepository repository;

	private final WebhookSettings settings;

	private final Clock clock;

	WebhookOutbox(WebhookRepository repository, WebhookSettings settings, Clock clock) {
		this.repository = repository;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Queues a monitoring alert's deliveries to the model's webhooks that subscribe to
	 * {@code alert.firing} or {@code alert.resolved}, joining the evaluation's
	 * transaction.
	 */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void queue(MonitorAlert alert) {
		if (!this.settings.enabled()) {
			return;
		}
		String type = alert.type();
		String eventId = UUID.randomUUID().toString();
		String payload = null;
		long now = this.clock.millis();
		for (WebhookRepository.Subscription subscription : this.repository.subscriptions(alert.modelId(),
				MAX_SUBSCRIBERS)) {
			if (subscription.events().contains(type)) {
				if (payload == null) {
					payload = WebhookPayloads.alert(eventId, alert);
				}
				this.repository.insertDelivery(subscription.id(), eventId, type, payload, now, now);
			}
		}
	}

	/** Queues the event's deliveries, joining the publisher's transaction. */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void queue(RegistryEvent event) {
		if (!this.settings.enabled() || !event.type().subscribable()) {
			return;
		}
		String type = event.type().wireName();
		String eventId = (event.eventId() != null) ? event.eventId() : UUID.randomUUID().toString();
		String payload = null;
		long now = this.clock.millis();
		for (WebhookRepository.Subscription subscription : this.repository.subscriptions(event.modelId(),
				MAX_SUBSCRIBERS)) {
			if (subscription.events().contains(type)) {
				if (payload == null) {
					payload = WebhookPayloads.of(eventId, event);
				}
				this.repository.insertDelivery(subscription.id(), eventId, type, payload, now, now);
			}
		}
	}

	/** Queues a deployment event's deliveries, joining the change's transaction. */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void queue(DeploymentEvent event) {
		if (!this.settings.enabled() || !event.subscribable()) {
			return;
		}
		String eventId = UUID.randomUUID().toString();
		String payload = null;
		long now = this.clock.millis();
		for (WebhookRepository.Subscription subscription : this.repository.subscriptions(event.modelId(),
				MAX_SUBSCRIBERS)) {
			if (subscription.events().contains(event.type())) {
				if (payload == null) {
					payload = WebhookPayloads.deployment(eventId, event);
				}
				this.repository.insertDelivery(subscription.id(), eventId, event.type(), payload, now, now);
			}
		}
	}

}
