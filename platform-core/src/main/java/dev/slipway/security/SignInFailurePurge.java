package dev.slipway.security;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Every five minutes, on every replica: deletes the failed sign-in counts older than the
 * lock duration, which the throttle no longer reads. Guessing with ever new names leaves
 * a row per name, so the table would otherwise only grow.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SignInFailurePurge implements SchedulingConfigurer {

	static final Duration INTERVAL = Duration.ofMinutes(5);

	private static final Logger log = LoggerFactory.getLogger(SignInFailurePurge.class);

	private final SignInThrottle throttle;

	SignInFailurePurge(SignInThrottle throttle) {
		this.throttle = throttle;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::purge, INTERVAL, INTERVAL));
	}

	void purge() {
		try {
			this.throttle.purge();
		}
		catch (RuntimeException ex) {
			log.warn("Purging old failed sign-in counts failed, retrying in {}: {}", INTERVAL, ex.getMessage());
		}
	}

}
