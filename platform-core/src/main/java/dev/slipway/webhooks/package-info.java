/**
 * Webhooks: subscribers receive registry events as JSON signed with HMAC-SHA256.
 * Deliveries are queued in the transaction of the change (an outbox), sent by a
 * dispatcher, retried with backoff, and logged
 * ({@link dev.slipway.webhooks.WebhookService}).
 */
package dev.slipway.webhooks;
