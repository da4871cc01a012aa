package dev.slipway.webhooks;

import java.util.Collection;
import java.util.List;

import dev.slipway.tracking.Page;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Webhook subscriptions, their deliveries and test deliveries. */
@Service
@Transactional(readOnly = true)
public class WebhookService {

	/**
	 * Creates a webhook on a model (MANAGE), or on every model when the name is null
	 * (ADMIN).
	 */
	@Transactional
	public CreatedWebhook create(String modelName, String name, String url, Collection<String> events) {
		throw pending();
	}

	/**
	 * The webhooks of a model (READ), or the every-model ones when the name is null
	 * (ADMIN).
	 */
	public List<Webhook> list(String modelName) {
		throw pending();
	}

	/** One webhook. */
	public Webhook get(long id) {
		throw pending();
	}

	/** Turns a webhook on or off. */
	@Transactional
	public Webhook setActive(long id, boolean active) {
		throw pending();
	}

	/** Deletes a webhook and its delivery log. */
	@Transactional
	public void delete(long id) {
		throw pending();
	}

	/** One page of a webhook's deliveries, newest first. */
	public Page<WebhookDelivery> deliveries(long id, String pageToken, int maxResults) {
		throw pending();
	}

	/** Sends a {@code webhook.test} event now and returns its delivery as it stands. */
	@Transactional
	public WebhookDelivery sendTest(long id) {
		throw pending();
	}

	private static UnsupportedOperationException pending() {
		return new UnsupportedOperationException("being written");
	}

}
