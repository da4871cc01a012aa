package dev.slipway.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.slipway.CoreTestApplication;
import dev.slipway.registry.RegistryEvent;
import dev.slipway.registry.RegistryEventType;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.testsupport.WithSlipwayUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scheduled dispatcher sends queued deliveries on its own, on the real clock, without
 * a test calling it.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = "slipway.webhooks.poll-interval=200ms")
@WithSlipwayUser
class WebhookSchedulerTest {

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "webhooks-scheduler");
	}

	@Autowired
	WebhookService webhooks;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	@Autowired
	ApplicationEventPublisher publisher;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void aQueuedDeliveryIsSentWithinAFewPollIntervals() {
		long now = this.clock.millis();
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO registered_models (name, creation_time, last_updated_time) VALUES ('scheduled', ?, ?)")
			.params(now, now)
			.update(keys, "id");
		long modelId = keys.getKey().longValue();
		try (Receiver receiver = Receiver.start()) {
			long id = this.webhooks
				.create("scheduled", "hook", receiver.url("/hook"),
						List.of(RegistryEventType.VERSION_CREATED.wireName()))
				.webhook()
				.id();
			RegistryEvent event = new RegistryEvent(UUID.randomUUID().toString(), RegistryEventType.VERSION_CREATED,
					now, "alice", modelId, "scheduled", 1, Map.of(), Map.of("version", 1), null, null);
			new TransactionTemplate(this.transactions)
				.executeWithoutResult((status) -> this.publisher.publishEvent(event));

			await().atMost(Duration.ofSeconds(20))
				.pollInSameThread()
				.untilAsserted(() -> assertThat(this.webhooks.deliveries(id, null, 10).items()).singleElement()
					.satisfies((delivery) -> assertThat(delivery.status()).isEqualTo("DELIVERED")));
			assertThat(receiver.requests()).singleElement()
				.satisfies((request) -> assertThat(request.header("X-Slipway-Event-Id")).isEqualTo(event.eventId()));
		}
	}

}
