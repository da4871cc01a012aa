package dev.slipway.registry;

import java.util.Optional;
import java.util.UUID;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.security.Permission;
import dev.slipway.security.PermissionedResources;
import dev.slipway.security.ResourcePermissionChanged;
import dev.slipway.security.ResourceType;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Registered models as resources with permissions: named by their name, managed by those
 * with MANAGE on the model ({@link RegistryAccess}). Every change of a model's
 * permissions leaves an audit record ({@link RegistryEventType#PERMISSION_CHANGED}).
 */
@Component
class ModelPermissions implements PermissionedResources {

	private final RegistryRepository registry;

	private final RegistryAccess access;

	private final ApplicationEventPublisher events;

	ModelPermissions(RegistryRepository registry, RegistryAccess access, ApplicationEventPublisher events) {
		this.registry = registry;
		this.access = access;
		this.events = events;
	}

	@Override
	public ResourceType type() {
		return ResourceType.REGISTERED_MODEL;
	}

	@Override
	public Optional<Resource> find(String key) {
		if (key == null || key.isEmpty()) {
			throw SlipwayException.invalidArgument("name", "is required");
		}
		return this.registry.findModel(key).map((row) -> new Resource(row.id(), row.name()));
	}

	@Override
	public Resource require(String key) {
		return find(key).orElseThrow(
				() -> new SlipwayException(ErrorCode.NOT_FOUND, "Registered Model with name=" + key + " not found"));
	}

	@Override
	public boolean allows(String key, Permission needed) {
		return this.access.model(key, needed.name());
	}

	/** Records a change of a model's permissions, in the transaction that made it. */
	@EventListener
	public void changed(ResourcePermissionChanged change) {
		if (change.type() == ResourceType.REGISTERED_MODEL) {
			this.events.publishEvent(new RegistryEvent(UUID.randomUUID().toString(),
					RegistryEventType.PERMISSION_CHANGED, change.occurredAt(), change.actor(), change.resourceId(),
					change.resourceName(), null, change.before(), change.after(), null, null));
		}
	}

}
