package dev.slipway.webhooks;

/**
 * A new webhook with its signing secret, which is shown this once.
 *
 * @param webhook the webhook
 * @param secret the HMAC-SHA256 signing secret
 */
public record CreatedWebhook(Webhook webhook, String secret) {
}
