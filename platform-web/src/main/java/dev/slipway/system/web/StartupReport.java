package dev.slipway.system.web;

import dev.slipway.system.SystemOverview;
import dev.slipway.system.SystemService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Prints where Slipway listens and what it stores where, once it is ready for traffic.
 */
@Component
class StartupReport {

	private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

	private final SystemService system;

	StartupReport(SystemService system) {
		this.system = system;
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		SystemOverview overview = this.system.overview();
		int port = (event.getApplicationContext() instanceof WebServerApplicationContext web
				&& web.getWebServer() != null) ? web.getWebServer().getPort() : -1;
		log.info("Slipway {} is ready at http://localhost:{}/", overview.version(), port);
		log.info("  data folder: {}", overview.dataDir());
		log.info("  database:    {}", overview.database());
		log.info("  artifacts:   {}", overview.artifactStore());
	}

}
