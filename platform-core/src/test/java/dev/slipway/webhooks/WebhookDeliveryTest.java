package dev.slipway.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.slipway.registry.RegistryEvent;
import dev.slipway.registry.RegistryEventType;
import dev.slipway.testsupport.OnPostgresql;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Registry events become signed POSTs: queued in the change's transaction, sent by the
 * dispatcher, retried with backoff, given up on; on both databases.
 */
class WebhookDeliveryTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	abstract static class Contract extends WebhookFixture {

		@Autowired
		ScheduledTaskHolder scheduled;

		@Test
		void aSubscribedEventArrivesSignedWithTheSecretAndDescribedInFull() throws Exception {
			String name = unique("signed");
			long modelId = model(name);
			CreatedWebhook created = hook(name, STAGE);
			RegistryEvent event = publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);

			WebhookDelivery queued = onlyDelivery(created.webhook().id());
			assertThat(queued.status()).isEqualTo("PENDING");
			assertThat(queued.attempts()).isZero();
			assertThat(queued.nextAttemptAt()).isEqualTo(this.clock.millis());
			assertThat(this.receiver.requests()).isEmpty();

			this.dispatcher.dispatchDue();

			assertThat(this.receiver.requests()).hasSize(1);
			Receiver.Request request = this.receiver.requests().get(0);
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.path()).isEqualTo("/hook");
			assertThat(request.header("Content-Type")).isEqualTo("application/json");
			assertThat(request.header("User-Agent")).isEqualTo("Slipway-Webhooks");
			assertThat(request.header("X-Slipway-Event")).isEqualTo(STAGE);
			assertThat(request.header("X-Slipway-Event-Id")).isEqualTo(event.eventId());
			assertThat(request.header("X-Slipway-Delivery")).isEqualTo(Long.toString(queued.id()));
			String timestamp = request.header("X-Slipway-Timestamp");
			assertThat(Long.parseLong(timestamp)).isEqualTo(this.clock.instant().getEpochSecond());
			assertThat(request.header("X-Slipway-Signature"))
				.isEqualTo("sha256=" + hmacSha256Hex(created.secret(), timestamp + "." + request.body()));
			assertThat(request.header("X-Slipway-Signature"))
				.isNotEqualTo("sha256=" + hmacSha256Hex("another secret", timestamp + "." + request.body()));

			JsonNode body = JSON.readTree(request.body());
			assertThat(body.get("id").asString()).isEqualTo(event.eventId());
			assertThat(body.get("type").asString()).isEqualTo(STAGE);
			assertThat(body.get("occurred_at").asString())
				.isEqualTo(Instant.ofEpochMilli(event.occurredAt()).toString());
			assertThat(body.get("actor").asString()).isEqualTo("alice");
			assertThat(body.get("model").get("id").asLong()).isEqualTo(modelId);
			assertThat(body.get("model").get("name").asString()).isEqualTo(name);
			assertThat(body.get("version").asInt()).isEqualTo(3);
			assertThat(body.get("before").get("stage").asString()).isEqualTo("Staging");
			assertThat(body.get("after").get("stage").asString()).isEqualTo("Production");
			assertThat(body.get("request_id").asLong()).isEqualTo(17L);
			assertThat(body.get("reason").asString()).isEqualTo("ready for launch");
			assertThat(request.body()).doesNotContain(created.secret());

			WebhookDelivery delivered = onlyDelivery(created.webhook().id());
			assertThat(delivered.status()).isEqualTo("DELIVERED");
			assertThat(delivered.attempts()).isEqualTo(1);
			assertThat(delivered.responseCode()).isEqualTo(200);
			assertThat(delivered.lastAttemptAt()).isEqualTo(this.clock.millis());
			assertThat(delivered.nextAttemptAt()).isNull();
			assertThat(delivered.lastError()).isNull();
			assertThat(delivered.payload()).isEqualTo(request.body());

			this.dispatcher.dispatchDue();
			assertThat(this.receiver.requests()).hasSize(1);
		}

		@Test
		void aModelLevelEventHasANullVersion() {
			String name = unique("model-level");
			long modelId = model(name);
			CreatedWebhook created = hook(name, RegistryEventType.MODEL_CREATED.wireName());
			RegistryEvent event = new RegistryEvent("5a0f8e2c-1111-4222-8333-944445555666",
					RegistryEventType.MODEL_CREATED, this.clock.millis(), "bob", modelId, name, null, Map.of(),
					Map.of("name", name), null, null);
			new TransactionTemplate(this.transactions)
				.executeWithoutResult((status) -> this.publisher.publishEvent(event));

			JsonNode body = JSON.readTree(onlyDelivery(created.webhook().id()).payload());
			assertThat(body.get("version").isNull()).isTrue();
			assertThat(body.get("request_id").isNull()).isTrue();
			assertThat(body.get("before").isEmpty()).isTrue();
			assertThat(body.get("after").get("name").asString()).isEqualTo(name);
		}

		@Test
		void aChangeThatRollsBackQueuesNothing() {
			String name = unique("rolled-back");
			long modelId = model(name);
			CreatedWebhook created = hook(name, STAGE);

			assertThatThrownBy(() -> new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
				this.publisher.publishEvent(event(RegistryEventType.STAGE_TRANSITIONED, modelId, name));
				throw new IllegalStateException("the change failed");
			})).hasMessage("the change failed");

			assertThat(deliveries(created.webhook().id())).isEmpty();
			this.dispatcher.dispatchDue();
			assertThat(this.receiver.requests()).isEmpty();
		}

		@Test
		void anEventPublishedOutsideATransactionIsRefused() {
			String name = unique("no-tx");
			long modelId = model(name);
			CreatedWebhook created = hook(name, STAGE);

			assertThatThrownBy(
					() -> this.publisher.publishEvent(event(RegistryEventType.STAGE_TRANSITIONED, modelId, name)))
				.isInstanceOf(IllegalTransactionStateException.class);
			assertThat(deliveries(created.webhook().id())).isEmpty();
		}

		@Test
		void onlySubscribedEventsOfTheWebhooksModelOrOfEveryModelAreQueued() {
			String name = unique("followed");
			String otherName = unique("other");
			long modelId = model(name);
			long otherId = model(otherName);
			long stageHook = hook(name, STAGE).webhook().id();
			long aliasHook = hook(name, RegistryEventType.ALIAS_SET.wireName(),
					RegistryEventType.ALIAS_REMOVED.wireName())
				.webhook()
				.id();
			long otherModelHook = hook(otherName, STAGE).webhook().id();
			long globalHook = hook(null, RegistryEventType.VERSION_CREATED.wireName(), STAGE).webhook().id();

			RegistryEvent stageEvent = publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);
			publish(RegistryEventType.VERSION_CREATED, modelId, name);
			publish(RegistryEventType.ALIAS_REMOVED, modelId, name);
			publish(RegistryEventType.VERSION_CREATED, otherId, otherName);
			// Not subscribable: nobody hears of it, whatever they follow.
			publish(RegistryEventType.MODEL_RENAMED, modelId, name);
			publish(RegistryEventType.VERSION_TAG_SET, modelId, name);

			assertThat(types(stageHook)).containsExactly(STAGE);
			assertThat(types(aliasHook)).containsExactly(RegistryEventType.ALIAS_REMOVED.wireName());
			assertThat(types(otherModelHook)).isEmpty();
			assertThat(types(globalHook)).containsExactly(STAGE, RegistryEventType.VERSION_CREATED.wireName(),
					RegistryEventType.VERSION_CREATED.wireName());
			assertThat(deliveries(globalHook))
				.extracting((d) -> JSON.readTree(d.payload()).get("model").get("name").asString())
				.containsExactly(otherName, name, name);

			this.dispatcher.dispatchDue();
			List<Receiver.Request> sent = this.receiver.requests();
			assertThat(sent).hasSize(5);
			assertThat(sent).extracting((r) -> r.header("X-Slipway-Delivery")).doesNotHaveDuplicates();
			assertThat(sent).as("one event has one id for every subscriber")
				.filteredOn((r) -> STAGE.equals(r.header("X-Slipway-Event")))
				.extracting((r) -> r.header("X-Slipway-Event-Id"))
				.hasSize(2)
				.containsOnly(stageEvent.eventId());
		}

		@Test
		void aTurnedOffWebhookGetsNothingAndWhatWasQueuedIsNotSent() {
			String name = unique("turned-off");
			long modelId = model(name);
			long id = hook(name, STAGE).webhook().id();
			publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);

			this.webhooks.setActive(id, false);
			publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);
			this.dispatcher.dispatchDue();

			assertThat(this.receiver.requests()).isEmpty();
			WebhookDelivery skipped = onlyDelivery(id);
			assertThat(skipped.status()).isEqualTo("FAILED");
			assertThat(skipped.attempts()).isZero();
			assertThat(skipped.lastError()).contains("turned off");

			this.webhooks.setActive(id, true);
			publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);
			this.dispatcher.dispatchDue();
			assertThat(this.receiver.requests()).hasSize(1);
		}

		@Test
		void aFailedAttemptIsRetriedAfterTheBackoffAndThenDelivered() {
			String name = unique("retried");
			long modelId = model(name);
			long id = hook(name, STAGE).webhook().id();
			this.receiver.answer(500);
			publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);

			this.dispatcher.dispatchDue();
			WebhookDelivery failedOnce = onlyDelivery(id);
			assertThat(failedOnce.status()).isEqualTo("PENDING");
			assertThat(failedOnce.attempts()).isEqualTo(1);
			assertThat(failedOnce.responseCode()).isEqualTo(500);
			assertThat(failedOnce.lastError()).isEqualTo("HTTP 500");
			assertThat(failedOnce.nextAttemptAt()).isEqualTo(this.clock.millis() + 10_000);

			advance(Duration.ofSeconds(9));
			this.dispatcher.dispatchDue();
			assertThat(this.receiver.requests()).hasSize(1);

			advance(Duration.ofSeconds(1));
			this.dispatcher.dispatchDue();
			assertThat(this.receiver.requests()).hasSize(2);
			assertThat(this.receiver.requests().get(1).header("X-Slipway-Delivery"))
				.isEqualTo(this.receiver.requests().get(0).header("X-Slipway-Delivery"));
			WebhookDelivery delivered = onlyDelivery(id);
			assertThat(delivered.status()).isEqualTo("DELIVERED");
			assertThat(delivered.attempts()).isEqualTo(2);
			assertThat(delivered.responseCode()).isEqualTo(200);
			assertThat(delivered.lastError()).isNull();
		}

		@Test
		void afterTheLastAttemptADeliveryIsFailedForGood() {
			String name = unique("given-up");
			long modelId = model(name);
			long id = hook(name, STAGE).webhook().id();
			this.receiver.otherwise(503);
			publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);

			List<Long> waits = new ArrayList<>();
			this.dispatcher.dispatchDue();
			for (int attempt = 2; attempt <= 6; attempt++) {
				WebhookDelivery pending = onlyDelivery(id);
				assertThat(pending.status()).isEqualTo("PENDING");
				long wait = pending.nextAttemptAt() - this.clock.millis();
				waits.add(wait);
				advance(Duration.ofMillis(wait));
				this.dispatcher.dispatchDue();
			}

			assertThat(waits).containsExactly(10_000L, 30_000L, 90_000L, 270_000L, 810_000L);
			assertThat(this.receiver.requests()).hasSize(6);
			WebhookDelivery failed = onlyDelivery(id);
			assertThat(failed.status()).isEqualTo("FAILED");
			assertThat(failed.attempts()).isEqualTo(6);
			assertThat(failed.responseCode()).isEqualTo(503);
			assertThat(failed.lastError()).isEqualTo("HTTP 503");
			assertThat(failed.nextAttemptAt()).isNull();

			advance(Duration.ofDays(1));
			this.dispatcher.dispatchDue();
			assertThat(this.receiver.requests()).hasSize(6);
		}

		@Test
		void backoffTriplesUpToTheCap() {
			assertThat(this.dispatcher.backoff(1)).isEqualTo(Duration.ofSeconds(10));
			assertThat(this.dispatcher.backoff(2)).isEqualTo(Duration.ofSeconds(30));
			assertThat(this.dispatcher.backoff(6)).isEqualTo(Duration.ofSeconds(2430));
			assertThat(this.dispatcher.backoff(7)).isEqualTo(Duration.ofHours(1));
			assertThat(this.dispatcher.backoff(90)).isEqualTo(Duration.ofHours(1));
		}

		@Test
		void redirectsAreNotFollowed() {
			String name = unique("redirected");
			long modelId = model(name);
			long id = hook(name, STAGE).webhook().id();
			this.receiver.answer(302);
			publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);

			this.dispatcher.dispatchDue();

			assertThat(this.receiver.requests()).extracting(Receiver.Request::path).containsExactly("/hook");
			WebhookDelivery delivery = onlyDelivery(id);
			assertThat(delivery.status()).isEqualTo("PENDING");
			assertThat(delivery.responseCode()).isEqualTo(302);
			assertThat(delivery.lastError()).contains("redirects are not followed");
		}

		@Test
		void anUnreachableReceiverIsRecordedAsAFailedAttempt() {
			String name = unique("unreachable");
			long modelId = model(name);
			long id = hook(name, STAGE).webhook().id();
			this.receiver.close();
			publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);

			this.dispatcher.dispatchDue();

			WebhookDelivery delivery = onlyDelivery(id);
			assertThat(delivery.status()).isEqualTo("PENDING");
			assertThat(delivery.attempts()).isEqualTo(1);
			assertThat(delivery.responseCode()).isNull();
			assertThat(delivery.lastError()).isNotBlank().hasSizeLessThanOrEqualTo(2000);
		}

		@Test
		void twoDispatchersRacingSendEachDeliveryOnce() throws Exception {
			String name = unique("raced");
			long modelId = model(name);
			hook(name, STAGE);
			hook(name, STAGE);
			for (int i = 0; i < 5; i++) {
				publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);
			}

			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Integer>> instances = List.of(1, 2)
				.stream()
				.map((n) -> CompletableFuture.supplyAsync(() -> {
					try {
						start.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return this.dispatcher.dispatchDue();
				}))
				.toList();
			start.countDown();
			for (CompletableFuture<Integer> instance : instances) {
				instance.get(60, TimeUnit.SECONDS);
			}

			List<String> sent = this.receiver.requests().stream().map((r) -> r.header("X-Slipway-Delivery")).toList();
			assertThat(sent).hasSize(10).doesNotHaveDuplicates();
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'DELIVERED'")
				.query(Long.class)
				.single()).isEqualTo(10L);
		}

		@Test
		void aClaimedDeliveryIsLeftToItsClaimerUntilTheLeaseRunsOut() {
			String name = unique("leased");
			long modelId = model(name);
			long id = hook(name, STAGE).webhook().id();
			publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);
			long deliveryId = onlyDelivery(id).id();
			long now = this.clock.millis();
			WebhookRepository repository = this.context.getBean(WebhookRepository.class);

			assertThat(repository.claim(deliveryId, now, now + 45_000)).isTrue();
			assertThat(repository.claim(deliveryId, now, now + 45_000)).isFalse();
			this.dispatcher.dispatchDue();
			assertThat(this.receiver.requests()).isEmpty();

			// The claimer died: once the lease runs out the delivery is due again.
			advance(Duration.ofSeconds(45));
			this.dispatcher.dispatchDue();
			assertThat(this.receiver.requests()).hasSize(1);
			assertThat(onlyDelivery(id).status()).isEqualTo("DELIVERED");
		}

		@Test
		void aTestDeliveryIsSentAtOnceAndTriedOnlyOnce() throws Exception {
			String name = unique("tested");
			long modelId = model(name);
			CreatedWebhook created = hook(name, STAGE);
			long id = created.webhook().id();

			WebhookDelivery delivered = this.webhooks.sendTest(id);

			assertThat(delivered.status()).isEqualTo("DELIVERED");
			assertThat(delivered.eventType()).isEqualTo("webhook.test");
			assertThat(delivered.attempts()).isEqualTo(1);
			assertThat(delivered.responseCode()).isEqualTo(200);
			Receiver.Request request = this.receiver.requests().get(0);
			assertThat(request.header("X-Slipway-Event")).isEqualTo("webhook.test");
			assertThat(request.header("X-Slipway-Signature")).isEqualTo("sha256="
					+ hmacSha256Hex(created.secret(), request.header("X-Slipway-Timestamp") + "." + request.body()));
			JsonNode body = JSON.readTree(request.body());
			assertThat(body.get("type").asString()).isEqualTo("webhook.test");
			assertThat(body.get("webhook").get("id").asLong()).isEqualTo(id);
			assertThat(body.get("model").get("id").asLong()).isEqualTo(modelId);

			this.receiver.answer(500);
			WebhookDelivery failed = this.webhooks.sendTest(id);
			assertThat(failed.status()).isEqualTo("FAILED");
			assertThat(failed.responseCode()).isEqualTo(500);
			advance(Duration.ofHours(2));
			this.dispatcher.dispatchDue();
			assertThat(this.receiver.requests()).hasSize(2);
		}

		@Test
		void theDispatcherIsScheduledAtThePollInterval() {
			assertThat(this.scheduled.getScheduledTasks()).map(ScheduledTask::getTask)
				.filteredOn(FixedDelayTask.class::isInstance)
				.map(FixedDelayTask.class::cast)
				.anySatisfy((task) -> {
					assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofDays(1));
					assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofDays(1));
				});
		}

		private List<String> types(long webhookId) {
			List<String> types = new ArrayList<>(
					deliveries(webhookId).stream().map(WebhookDelivery::eventType).toList());
			Collections.reverse(types);
			return types;
		}

	}

	@Test
	void anOversizedEventIsSentWithoutItsStates() {
		RegistryEvent event = new RegistryEvent("0b8e2f7a-0000-4000-8000-000000000001",
				RegistryEventType.STAGE_TRANSITIONED, 1_700_000_000_000L, "alice", 42, "big", 1,
				Map.of("description", "x".repeat(40_000)), Map.of("description", "y".repeat(40_000)), null, "why");

		String payload = WebhookPayloads.of(event.eventId(), event);

		assertThat(payload.length()).isLessThanOrEqualTo(WebhookPayloads.MAX_LENGTH);
		JsonNode body = JSON.readTree(payload);
		assertThat(body.get("truncated").asBoolean()).isTrue();
		assertThat(body.get("before").isEmpty()).isTrue();
		assertThat(body.get("after").isEmpty()).isTrue();
		assertThat(body.get("reason").asString()).isEqualTo("why");
		assertThat(body.get("occurred_at").asString()).isEqualTo("2023-11-14T22:13:20Z");
		assertThat(JSON
			.readTree(
					WebhookPayloads.of(event.eventId(),
							new RegistryEvent(event.eventId(), event.type(), event.occurredAt(), "alice", 42, "small",
									1, Map.of(), Map.of("stage", "Production"), null, null)))
			.has("truncated")).isFalse();
	}

	/** The receiver's side of the contract, written independently of the signer. */
	static String hmacSha256Hex(String secret, String signed) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
	}

	@Nested
	@WebhookTestContext.Default
	class EmbeddedH2 extends Contract {

	}

	@Nested
	@WebhookTestContext.Default
	@OnPostgresql(schema = WebhookTestContext.SCHEMA)
	class Postgresql extends Contract {

	}

}
