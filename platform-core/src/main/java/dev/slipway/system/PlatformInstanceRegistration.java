package dev.slipway.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Registers the installation once the schema is migrated and before the web server
 * accepts requests, so every request can rely on
 * {@link PlatformInstanceService#current()}.
 */
@Component
class PlatformInstanceRegistration implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(PlatformInstanceRegistration.class);

	private final PlatformInstanceService service;

	PlatformInstanceRegistration(PlatformInstanceService service) {
		this.service = service;
	}

	@Override
	public void afterSingletonsInstantiated() {
		PlatformInstance instance = this.service.registerOrLoad();
		log.info("Slipway instance {} (initialised {} by version {})", instance.instanceId(), instance.createdAt(),
				instance.createdByVersion());
	}

}
