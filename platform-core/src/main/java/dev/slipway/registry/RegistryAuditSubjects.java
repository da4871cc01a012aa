package dev.slipway.registry;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.slipway.audit.AuditSubjects;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.security.Permission;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;

import org.springframework.stereotype.Component;

/**
 * Registered models as the audit trail sees them: found by their current name, readable
 * while they exist and the caller may read them, with the registry's actions.
 */
@Component
class RegistryAuditSubjects implements AuditSubjects {

	private final RegistryRepository registry;

	private final PermissionService permissions;

	RegistryAuditSubjects(RegistryRepository registry, PermissionService permissions) {
		this.registry = registry;
		this.permissions = permissions;
	}

	@Override
	public ResourceType type() {
		return ResourceType.REGISTERED_MODEL;
	}

	@Override
	public Optional<Long> find(String name) {
		Optional<Long> id = this.registry.findModel(name).map(RegistryRepository.ModelRow::id);
		if (id.isPresent() && !this.permissions.allows(ResourceType.REGISTERED_MODEL, id.get(), Permission.READ)) {
			// As every other registry read answers for a model the caller may not read.
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
					"You may not read the registered model '" + name + "'");
		}
		return id;
	}

	/**
	 * Models that still exist and that the caller may read: the records of a deleted
	 * model stay with admins, whatever the server's default permission.
	 */
	@Override
	public String readableSql(String idColumn) {
		return idColumn + " IN (SELECT rm.id FROM registered_models rm WHERE "
				+ this.permissions.visibility().readableSql(ResourceType.REGISTERED_MODEL, "rm.id") + ")";
	}

	@Override
	public List<String> actions() {
		return Arrays.stream(RegistryEventType.values()).map(RegistryEventType::wireName).toList();
	}

}
