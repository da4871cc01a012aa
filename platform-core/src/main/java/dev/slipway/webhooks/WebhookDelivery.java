package dev.slipway.webhooks;

/**
 * One delivery of one event to one webhook.
 *
 * @param id the delivery id
 * @param webhookId the webhook
 * @param eventId the event's id (the same for every subscriber)
 * @param eventType the event type
 * @param status {@code PENDING}, {@code DELIVERED} or {@code FAILED}
 * @param attempts attempts made so far
 * @param lastAttemptAt epoch milliseconds, or null
 * @param nextAttemptAt when it is tried next (PENDING only), or null
 * @param responseCode the last HTTP status received, or null
 * @param lastError the last failure, or null
 * @param createdAt epoch milliseconds
 * @param payload the JSON body sent
 */
public record WebhookDelivery(long id, long webhookId, String eventId, String eventType, String status, int attempts,
		Long lastAttemptAt, Long nextAttemptAt, Integer responseCode, String lastError, long createdAt,
		String payload) {
}
