package dev.slipway.webhooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.query.Page;
import dev.slipway.registry.RegistryEventType;
import dev.slipway.security.Permission;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.testsupport.OnPostgresql;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.slipway.security.SecurityAssertions.allowed;
import static dev.slipway.security.SecurityAssertions.assertDenied;
import static dev.slipway.security.SecurityAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Managing webhooks: what is accepted, who may do what, what the audit trail keeps, and
 * that the secret is shown once; on both databases.
 */
class WebhookServiceTest {

	abstract static class Contract extends WebhookFixture {

		@Autowired
		PermissionService permissions;

		@Test
		void theSecretIsShownOnceAtCreationAndNeverAgain() {
			String name = unique("secret");
			model(name);

			CreatedWebhook created = this.webhooks.create(name, "  deploys  ", this.receiver.url("/hook"),
					List.of(STAGE, RegistryEventType.VERSION_CREATED.wireName(), STAGE));

			assertThat(created.secret()).matches("[0-9a-f]{64}");
			Webhook webhook = created.webhook();
			assertThat(webhook.modelName()).isEqualTo(name);
			assertThat(webhook.name()).isEqualTo("deploys");
			assertThat(webhook.url()).isEqualTo(this.receiver.url("/hook"));
			assertThat(webhook.events()).as("each once, in the fixed order")
				.containsExactly(RegistryEventType.VERSION_CREATED.wireName(), STAGE);
			assertThat(webhook.active()).isTrue();
			assertThat(webhook.createdBy()).isEqualTo(this.accounts.admin().username());
			assertThat(webhook.createdAt()).isEqualTo(this.clock.millis());

			assertThat(this.webhooks.get(webhook.id())).isEqualTo(webhook);
			assertThat(this.webhooks.list(name)).containsExactly(webhook);
			assertThat(this.webhooks.get(webhook.id()).toString()).doesNotContain(created.secret());
			assertThat(this.webhooks.create(name, "other", this.receiver.url("/hook"), List.of(STAGE)).secret())
				.isNotEqualTo(created.secret());
		}

		@ParameterizedTest
		@ValueSource(strings = { "", "   ", "ftp://example.com/hook", "/relative/hook", "example.com/hook",
				"mailto:ops@example.com", "http://user:pw@example.com/hook", "http://169.254.169.254/latest/meta-data",
				"http://169.254.1.1:8080/x", "http://[fe80::1]/hook", "http://[::ffff:169.254.169.254]/hook",
				"http://0.0.0.0:8080/hook", "http://[::]/hook", "http://metadata.google.internal/computeMetadata/v1",
				"http://METADATA.google.internal./x", "http://[fd00:ec2::254]/latest", "http:///no-host",
				"http://exa mple.com/" })
		void addressesThatAreNotAbsoluteHttpOrReachTheMetadataServiceAreRefused(String url) {
			String name = unique("urls");
			model(name);

			assertThatThrownBy(() -> this.webhooks.create(name, "hook", url, List.of(STAGE)))
				.isInstanceOfSatisfying(dev.slipway.error.SlipwayException.class, (ex) -> {
					assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
					assertThat(ex.getMessage()).startsWith("url: ");
				});
			assertThat(this.webhooks.list(name)).isEmpty();
		}

		@Test
		void longAddressesAreRefusedAndOrdinaryOnesAccepted() {
			String name = unique("url-length");
			model(name);
			String base = "https://hooks.example.com/";
			String longest = base + "a".repeat(2000 - base.length());

			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.webhooks.create(name, "hook", longest + "a", List.of(STAGE)));
			for (String url : List.of(longest, "HTTPS://hooks.example.com:8443/slipway?team=ml",
					"http://127.0.0.1:9000/hook", "http://10.1.2.3/hook", "http://[::1]:8080/hook")) {
				assertThat(this.webhooks.create(name, "hook", url, List.of(STAGE)).webhook().url()).isEqualTo(url);
			}
		}

		@Test
		void eventsMustBeANonEmptySetOfSubscribableTypes() {
			String name = unique("events");
			model(name);
			String url = this.receiver.url("/hook");

			for (List<String> events : List.of(List.<String>of(), List.of("model_version.exploded"),
					List.of(STAGE, RegistryEventType.MODEL_RENAMED.wireName()),
					List.of(RegistryEventType.WEBHOOK_CHANGED.wireName()), List.of(" "))) {
				assertThatThrownBy(() -> this.webhooks.create(name, "hook", url, events))
					.isInstanceOfSatisfying(dev.slipway.error.SlipwayException.class, (ex) -> {
						assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
						assertThat(ex.getMessage()).startsWith("events: ")
							.contains(String.join(", ", WebhookService.SUBSCRIBABLE_EVENTS));
					});
			}
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.webhooks.create(name, "hook", url, null));
			assertThat(WebhookService.SUBSCRIBABLE_EVENTS).containsExactly("registered_model.created",
					"model_version.created", "model_version.stage_transitioned", "model_version.alias_set",
					"model_version.alias_removed", "transition_request.created", "transition_request.approved",
					"transition_request.rejected", "alert.firing", "alert.resolved", "deployment.rollout_started",
					"deployment.promoted", "deployment.aborted", "deployment.rolled_back");
			assertThat(this.webhooks.create(name, "all", url, WebhookService.SUBSCRIBABLE_EVENTS).webhook().events())
				.isEqualTo(WebhookService.SUBSCRIBABLE_EVENTS);
		}

		@Test
		void aNameIsRequiredAndBounded() {
			String name = unique("names");
			model(name);
			String url = this.receiver.url("/hook");

			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.webhooks.create(name, null, url, List.of(STAGE)));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.webhooks.create(name, " ", url, List.of(STAGE)));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.webhooks.create(name, "n".repeat(251), url, List.of(STAGE)));
			assertThat(this.webhooks.create(name, "n".repeat(250), url, List.of(STAGE)).webhook().name()).hasSize(250);
		}

		@Test
		void unknownModelsAndWebhooksAreNotFound() {
			String url = this.receiver.url("/hook");
			long missing = Long.MAX_VALUE - 7;

			assertFails(ErrorCode.NOT_FOUND, () -> this.webhooks.create("no-such-model", "hook", url, List.of(STAGE)));
			assertFails(ErrorCode.NOT_FOUND, () -> this.webhooks.list("no-such-model"));
			assertFails(ErrorCode.NOT_FOUND, () -> this.webhooks.get(missing));
			assertFails(ErrorCode.NOT_FOUND, () -> this.webhooks.setActive(missing, false));
			assertFails(ErrorCode.NOT_FOUND, () -> this.webhooks.delete(missing));
			assertFails(ErrorCode.NOT_FOUND, () -> this.webhooks.deliveries(missing, null, 10));
			assertFails(ErrorCode.NOT_FOUND, () -> this.webhooks.sendTest(missing));
		}

		@Test
		void aModelHasAtMostTwentyWebhooks() {
			String name = unique("crowded");
			String other = unique("roomy");
			model(name);
			model(other);
			String url = this.receiver.url("/hook");
			for (int i = 0; i < WebhookService.MAX_PER_MODEL; i++) {
				this.webhooks.create(name, "hook-" + i, url, List.of(STAGE));
			}

			assertFails(ErrorCode.INVALID_STATE, () -> this.webhooks.create(name, "one too many", url, List.of(STAGE)));
			assertThat(this.webhooks.list(name)).hasSize(WebhookService.MAX_PER_MODEL);
			assertThat(this.webhooks.create(other, "hook", url, List.of(STAGE)).webhook().modelName()).isEqualTo(other);
			this.webhooks.delete(this.webhooks.list(name).get(0).id());
			assertThat(this.webhooks.create(name, "room again", url, List.of(STAGE))).isNotNull();
		}

		@Test
		void modelWebhooksTakeTheModelsPermissionAndEveryModelWebhooksAreForAdmins() {
			String name = unique("guarded");
			long modelId = model(name);
			String url = this.receiver.url("/hook");
			SlipwayPrincipal viewer = this.accounts.viewer();
			SlipwayPrincipal maintainer = this.accounts.maintainer();
			SlipwayPrincipal manager = this.accounts.editor();
			SlipwayPrincipal shutOut = this.accounts.maintainer();
			this.permissions.grant(ResourceType.REGISTERED_MODEL, modelId, manager.username(), Permission.MANAGE);
			this.permissions.grant(ResourceType.REGISTERED_MODEL, modelId, shutOut.username(), Permission.NONE);
			long existing = this.webhooks.create(name, "by admin", url, List.of(STAGE)).webhook().id();
			long global = this.webhooks.create(null, "everything", url, List.of(STAGE)).webhook().id();

			for (SlipwayPrincipal reader : List.of(viewer, maintainer)) {
				this.accounts.actAs(reader);
				assertDenied(() -> this.webhooks.create(name, "mine", url, List.of(STAGE)));
				assertDenied(() -> this.webhooks.setActive(existing, false));
				assertDenied(() -> this.webhooks.delete(existing));
				assertDenied(() -> this.webhooks.sendTest(existing));
				assertThat(this.webhooks.list(name)).extracting(Webhook::id).containsExactly(existing);
				assertThat(this.webhooks.get(existing).id()).isEqualTo(existing);
				assertThat(allowed(() -> this.webhooks.deliveries(existing, null, 10))).isTrue();
			}

			this.accounts.actAs(shutOut);
			assertDenied(() -> this.webhooks.list(name));
			assertDenied(() -> this.webhooks.get(existing));
			assertDenied(() -> this.webhooks.deliveries(existing, null, 10));

			this.accounts.actAs(manager);
			long own = this.webhooks.create(name, "mine", url, List.of(STAGE)).webhook().id();
			assertThat(this.webhooks.setActive(existing, false).active()).isFalse();
			assertThat(this.webhooks.sendTest(own).status()).isEqualTo("DELIVERED");
			this.webhooks.delete(own);
			for (SlipwayPrincipal nonAdmin : List.of(manager, maintainer)) {
				this.accounts.actAs(nonAdmin);
				assertDenied(() -> this.webhooks.create(null, "everything", url, List.of(STAGE)));
				assertDenied(() -> this.webhooks.list(null));
				assertDenied(() -> this.webhooks.get(global));
				assertDenied(() -> this.webhooks.setActive(global, false));
				assertDenied(() -> this.webhooks.delete(global));
				assertDenied(() -> this.webhooks.deliveries(global, null, 10));
				assertDenied(() -> this.webhooks.sendTest(global));
			}

			this.accounts.actAsAdmin();
			assertThat(this.webhooks.list(null)).extracting(Webhook::id).containsExactly(global);
			assertThat(this.webhooks.get(global).modelName()).isNull();
		}

		@Test
		void creatingChangingAndDeletingAWebhookIsAudited() {
			String name = unique("audited");
			model(name);
			CreatedWebhook created = this.webhooks.create(name, "audited hook", this.receiver.url("/hook"),
					List.of(STAGE));
			long id = created.webhook().id();
			this.webhooks.setActive(id, false);
			this.webhooks.setActive(id, false);
			this.webhooks.delete(id);

			// A model's webhook is recorded in the model's trail, under the model.
			List<Map<String, Object>> records = this.jdbc
				.sql("SELECT * FROM audit_events WHERE resource_type = 'REGISTERED_MODEL' AND resource_name = ? "
						+ "AND action LIKE 'webhook.%' ORDER BY id")
				.param(name)
				.query()
				.listOfRows();
			assertThat(records).extracting((r) -> r.get("action"))
				.containsExactly("webhook.created", "webhook.updated", "webhook.deleted");
			assertThat(records).allSatisfy((r) -> {
				assertThat(r.get("actor")).isEqualTo(this.accounts.admin().username());
				assertThat(String.valueOf(r.get("before_state"))).doesNotContain(created.secret())
					.doesNotContain("/hook");
				assertThat(String.valueOf(r.get("after_state"))).doesNotContain(created.secret())
					.doesNotContain("/hook");
			});
			assertThat(String.valueOf(records.get(0).get("before_state"))).isEqualTo("{}");
			assertThat(String.valueOf(records.get(0).get("after_state"))).contains("\"url\":\"http://127.0.0.1:")
				.contains("\"name\":\"audited hook\"")
				.contains("\"model\":\"" + name + "\"")
				.contains(STAGE);
			assertThat(String.valueOf(records.get(1).get("before_state")))
				.isEqualTo("{\"webhook_id\":" + id + ",\"active\":true}");
			assertThat(String.valueOf(records.get(1).get("after_state")))
				.isEqualTo("{\"webhook_id\":" + id + ",\"active\":false}");
			assertThat(String.valueOf(records.get(2).get("after_state"))).isEqualTo("{}");
			assertFails(ErrorCode.NOT_FOUND, () -> this.webhooks.get(id));
		}

		@Test
		void readersSeeOnlyTheOriginOfAWebhookUrl() {
			String name = unique("masked");
			model(name);
			long id = this.webhooks.create(name, "hook", this.receiver.url("/secret-path?token=abc"), List.of(STAGE))
				.webhook()
				.id();
			assertThat(this.webhooks.get(id).url()).endsWith("/secret-path?token=abc");
			this.accounts.actAs(this.accounts.viewer());
			assertThat(this.webhooks.get(id).url()).startsWith("http://127.0.0.1:").endsWith("/…");
			assertThat(this.webhooks.list(name)).extracting(Webhook::url)
				.allSatisfy((url) -> assertThat(url).doesNotContain("secret-path"));
			assertThat(WebhookService.masked("https://hooks.example.com")).isEqualTo("https://hooks.example.com");
			assertThat(WebhookService.masked("https://hooks.example.com:8443/T0/B1"))
				.isEqualTo("https://hooks.example.com:8443/…");
		}

		@Test
		void deliveriesArePagedNewestFirst() {
			String name = unique("paged");
			long modelId = model(name);
			long id = this.webhooks.create(name, "hook", this.receiver.url("/hook"), List.of(STAGE)).webhook().id();
			List<String> eventIds = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				eventIds.add(0, publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name).eventId());
			}

			List<String> seen = new ArrayList<>();
			String token = null;
			int pages = 0;
			do {
				Page<WebhookDelivery> page = this.webhooks.deliveries(id, token, 2);
				assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
				page.items().forEach((d) -> seen.add(d.eventId()));
				token = page.nextPageToken();
				pages++;
			}
			while (token != null);

			assertThat(pages).isEqualTo(3);
			assertThat(seen).isEqualTo(eventIds);
			assertThat(this.webhooks.deliveries(id, null, 5).nextPageToken()).isNull();
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.webhooks.deliveries(id, null, 0));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.webhooks.deliveries(id, null, 201));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.webhooks.deliveries(id, "not a token!", 10));
		}

		@Test
		void deletingAWebhookDeletesItsDeliveries() {
			String name = unique("deleted");
			long modelId = model(name);
			long id = this.webhooks.create(name, "hook", this.receiver.url("/hook"), List.of(STAGE)).webhook().id();
			publish(RegistryEventType.STAGE_TRANSITIONED, modelId, name);

			this.webhooks.delete(id);

			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = ?")
				.param(id)
				.query(Long.class)
				.single()).isZero();
			this.dispatcher.dispatchDue();
			assertThat(this.receiver.requests()).isEmpty();
		}

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
