package dev.slipway.security.web;

import java.util.concurrent.TimeUnit;

import dev.slipway.error.DependencyOutages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Deletes expired browser sessions once a minute, on every replica (an idempotent
 * {@code DELETE ... WHERE expiry_time < now}). It replaces Spring Session's own cleanup
 * task ({@code spring.session.jdbc.cleanup-cron: "-"}), which logged a stack trace at
 * every run while the database was away: here an outage is logged once, when it begins,
 * as for the other background work.
 */
@Component
class SessionCleanup {

	private static final Logger log = LoggerFactory.getLogger(SessionCleanup.class);

	private final JdbcIndexedSessionRepository sessions;

	private final DependencyOutages outages;

	SessionCleanup(JdbcIndexedSessionRepository sessions, DependencyOutages outages) {
		this.sessions = sessions;
		this.outages = outages;
	}

	@Scheduled(initialDelay = 60, fixedDelay = 60, timeUnit = TimeUnit.SECONDS)
	void deleteExpired() {
		try {
			this.sessions.cleanUpExpiredSessions();
		}
		catch (RuntimeException ex) {
			if (!this.outages.absorb(ex)) {
				log.warn("Deleting expired web sessions failed, will try again: {}", ex.getMessage());
			}
		}
	}

}
