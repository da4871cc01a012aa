/**
 * Webhooks: subscribers receive registry events as JSON signed with HMAC-SHA256.
 * Deliveries are queued in the transaction of the change (an outbox), sent by a
 * dispatcher, retried with backoff, and logged
 * ({@link dev.slipway.webhooks.WebhookService}). A receiver checks
 * {@code X-Slipway-Signature}: {@code sha256=} and the lowercase hex HMAC-SHA256, keyed
 * with the webhook's secret, of {@code X-Slipway-Timestamp + "." + body}.
 */
@OwnsTables({ "webhooks", "webhook_deliveries" })
package dev.slipway.webhooks;

import dev.slipway.system.OwnsTables;
