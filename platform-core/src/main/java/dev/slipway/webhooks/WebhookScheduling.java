package dev.slipway.webhooks;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Turns scheduling on for the application and runs the webhook dispatcher every
 * {@code slipway.webhooks.poll-interval} (first after one interval), unless webhooks are
 * turned off.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class WebhookScheduling implements SchedulingConfigurer {

	private final WebhookDispatcher dispatcher;

	private final WebhookSettings settings;

	WebhookScheduling(WebhookDispatcher dispatcher, WebhookSettings settings) {
		this.dispatcher = dispatcher;
		this.settings = settings;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (this.settings.enabled()) {
			registrar.addFixedDelayTask(new FixedDelayTask(this.dispatcher::dispatchScheduled,
					this.settings.pollInterval(), this.settings.pollInterval()));
		}
	}

}
