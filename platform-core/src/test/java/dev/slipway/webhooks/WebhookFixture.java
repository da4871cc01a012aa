package dev.slipway.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.slipway.registry.RegistryEvent;
import dev.slipway.registry.RegistryEventType;
import dev.slipway.security.Accounts;
import dev.slipway.security.MutableClock;
import dev.slipway.testsupport.WithSlipwayUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the webhook tests share: the services, a receiver per test, registered models
 * inserted directly, and registry events published the way the registry does, inside a
 * transaction. Every test starts with no webhooks, so deliveries of one test never reach
 * another's dispatch.
 */
@WithSlipwayUser
abstract class WebhookFixture {

	/** A stage transition, the event most tests subscribe to. */
	static final String STAGE = RegistryEventType.STAGE_TRANSITIONED.wireName();

	@Autowired
	ApplicationContext context;

	@Autowired
	WebhookService webhooks;

	@Autowired
	WebhookDispatcher dispatcher;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	ApplicationEventPublisher publisher;

	@Autowired
	PlatformTransactionManager transactions;

	Accounts accounts;

	Receiver receiver;

	@BeforeEach
	void startClean() {
		this.jdbc.sql("DELETE FROM webhook_deliveries").update();
		this.jdbc.sql("DELETE FROM webhooks").update();
		this.accounts = Accounts.of(this.context);
		this.receiver = Receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	/** A new registered model, inserted directly; returns its id. */
	long model(String name) {
		long now = this.clock.millis();
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO registered_models (name, creation_time, last_updated_time, created_by) "
					+ "VALUES (?, ?, ?, 'admin')")
			.params(name, now, now)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	/** A webhook on the model (or every model) posting to the receiver, as the admin. */
	CreatedWebhook hook(String modelName, String... events) {
		return this.accounts
			.asAdmin(() -> this.webhooks.create(modelName, "hook", this.receiver.url("/hook"), List.of(events)));
	}

	/** Publishes an event in a transaction that commits. */
	RegistryEvent publish(RegistryEventType type, long modelId, String modelName) {
		RegistryEvent event = event(type, modelId, modelName);
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> this.publisher.publishEvent(event));
		return event;
	}

	RegistryEvent event(RegistryEventType type, long modelId, String modelName) {
		return new RegistryEvent(UUID.randomUUID().toString(), type, this.clock.millis(), "alice", modelId, modelName,
				3, Map.of("stage", "Staging"), Map.of("stage", "Production"), 17L, "ready for launch");
	}

	/** Every delivery of the webhook, newest first. */
	List<WebhookDelivery> deliveries(long webhookId) {
		return this.webhooks.deliveries(webhookId, null, WebhookService.MAX_PAGE_SIZE).items();
	}

	/** The one delivery of the webhook. */
	WebhookDelivery onlyDelivery(long webhookId) {
		List<WebhookDelivery> deliveries = deliveries(webhookId);
		if (deliveries.size() != 1) {
			throw new AssertionError("Expected one delivery, got " + deliveries);
		}
		return deliveries.get(0);
	}

	void advance(Duration duration) {
		this.clock.advance(duration);
	}

	static String unique(String prefix) {
		return Accounts.unique(prefix);
	}

}
