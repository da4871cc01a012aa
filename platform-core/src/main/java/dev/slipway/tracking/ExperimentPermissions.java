package dev.slipway.tracking;

import java.util.Optional;

import dev.slipway.security.Permission;
import dev.slipway.security.PermissionedResources;
import dev.slipway.security.ResourceType;

import org.springframework.stereotype.Component;

/**
 * Experiments as resources with permissions: named by their public id, managed by those
 * with MANAGE on the experiment ({@link TrackingAccess}).
 */
@Component
class ExperimentPermissions implements PermissionedResources {

	private final ExperimentRepository experiments;

	private final TrackingAccess access;

	ExperimentPermissions(ExperimentRepository experiments, TrackingAccess access) {
		this.experiments = experiments;
		this.access = access;
	}

	@Override
	public ResourceType type() {
		return ResourceType.EXPERIMENT;
	}

	/** An id that is not a number names no experiment, so it finds none. */
	@Override
	public Optional<Resource> find(String key) {
		Long id = parseIdOrNull(key);
		return (id != null) ? this.experiments.findById(id).map(ExperimentPermissions::resource) : Optional.empty();
	}

	@Override
	public Resource require(String key) {
		return resource(this.experiments.findById(ExperimentService.parseId(key))
			.orElseThrow(() -> ExperimentService.notFound(key)));
	}

	@Override
	public boolean allows(String key, Permission needed) {
		return this.access.experiment(key, needed.name());
	}

	private static Resource resource(ExperimentRepository.ExperimentRow row) {
		return new Resource(row.id(), row.name());
	}

	private static Long parseIdOrNull(String experimentId) {
		try {
			return (experimentId == null) ? null : Long.parseLong(experimentId.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
