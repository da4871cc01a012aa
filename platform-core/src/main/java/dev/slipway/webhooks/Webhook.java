package dev.slipway.webhooks;

import java.util.List;

/**
 * A webhook subscription.
 *
 * @param id the webhook id
 * @param modelName the registered model it follows, or null for every model (admins only)
 * @param name a label
 * @param url where events are POSTed
 * @param events the subscribed event types, such as
 * {@code model_version.stage_transitioned}
 * @param active whether events are sent
 * @param createdBy who created it
 * @param createdAt epoch milliseconds
 */
public record Webhook(long id, String modelName, String name, String url, List<String> events, boolean active,
		String createdBy, long createdAt) {
}
