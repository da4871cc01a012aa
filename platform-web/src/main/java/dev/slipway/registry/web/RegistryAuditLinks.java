package dev.slipway.registry.web;

import dev.slipway.audit.web.AuditLinks;
import dev.slipway.security.ResourceType;

import org.springframework.stereotype.Component;

/**
 * The audit pages link a registered model's records to its page and its versions' pages.
 */
@Component
class RegistryAuditLinks implements AuditLinks {

	@Override
	public ResourceType type() {
		return ResourceType.REGISTERED_MODEL;
	}

	@Override
	public String resource(String name) {
		return RegistryPaths.model(name);
	}

	@Override
	public String version(String name, int version) {
		return RegistryPaths.version(name, version);
	}

}
