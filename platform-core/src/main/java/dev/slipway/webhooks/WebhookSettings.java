package dev.slipway.webhooks;

import java.time.Duration;

import dev.slipway.system.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings ({@code slipway.webhooks.*}). Each default is the
 * {@code @DefaultValue} of its field, and only there; docs/configuration.md lists them.
 *
 * @param enabled whether registry events are queued for webhooks and sent; turned off,
 * webhooks can still be managed but nothing is queued or sent
 * ({@code SLIPWAY_WEBHOOKS_ENABLED})
 * @param pollInterval how long the dispatcher waits between looks for due deliveries
 * ({@code SLIPWAY_WEBHOOKS_POLL_INTERVAL})
 * @param connectTimeout how long to wait for a subscriber's server to accept the
 * connection ({@code SLIPWAY_WEBHOOKS_CONNECT_TIMEOUT})
 * @param requestTimeout how long to wait for the response status once connected
 * ({@code SLIPWAY_WEBHOOKS_REQUEST_TIMEOUT})
 * @param maxAttempts attempts per delivery before it is marked FAILED, 1 to 100
 * ({@code SLIPWAY_WEBHOOKS_MAX_ATTEMPTS})
 * @param initialBackoff the wait before the first retry; each further retry waits three
 * times longer ({@code SLIPWAY_WEBHOOKS_INITIAL_BACKOFF})
 * @param maxBackoff the longest wait between two attempts
 * ({@code SLIPWAY_WEBHOOKS_MAX_BACKOFF})
 * @param batchSize how many due deliveries one look claims and sends at once, 1 to 200
 * ({@code SLIPWAY_WEBHOOKS_BATCH_SIZE})
 */
@ConfigurationProperties("slipway.webhooks")
public record WebhookSettings(@DefaultValue("true") boolean enabled, @DefaultValue("2s") Duration pollInterval,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("10s") Duration requestTimeout,
		@DefaultValue("6") int maxAttempts, @DefaultValue("10s") Duration initialBackoff,
		@DefaultValue("1h") Duration maxBackoff, @DefaultValue("20") int batchSize) {

	/** Checks the values, so a bad setting stops the start with its name. */
	public WebhookSettings {
		positive("POLL_INTERVAL", pollInterval);
		positive("CONNECT_TIMEOUT", connectTimeout);
		positive("REQUEST_TIMEOUT", requestTimeout);
		positive("INITIAL_BACKOFF", initialBackoff);
		positive("MAX_BACKOFF", maxBackoff);
		if (maxAttempts < 1 || maxAttempts > 100) {
			throw new InvalidSettingException("SLIPWAY_WEBHOOKS_MAX_ATTEMPTS", "must be between 1 and 100");
		}
		if (batchSize < 1 || batchSize > 200) {
			throw new InvalidSettingException("SLIPWAY_WEBHOOKS_BATCH_SIZE", "must be between 1 and 200");
		}
	}

	/** How long a claimed delivery stays reserved for the instance sending it. */
	Duration lease() {
		return this.connectTimeout.plus(this.requestTimeout).plusSeconds(30);
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidSettingException("SLIPWAY_WEBHOOKS_" + name, "must be a positive duration, such as 10s");
		}
	}

}
