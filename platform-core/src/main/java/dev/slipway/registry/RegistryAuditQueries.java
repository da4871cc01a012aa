package dev.slipway.registry;

import java.util.Optional;

import dev.slipway.audit.AuditQuery;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.security.Permission;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns the filters of an audit listing into an {@link AuditQuery}: a registered model
 * named by its current name is followed under every name it had; a name that no model has
 * now (deleted, or renamed since) matches the records made under that name. Naming a
 * model the caller may not read is PERMISSION_DENIED.
 */
@Service
@Transactional(readOnly = true)
public class RegistryAuditQueries {

	private final RegistryRepository registry;

	private final PermissionService permissions;

	RegistryAuditQueries(RegistryRepository registry, PermissionService permissions) {
		this.registry = registry;
		this.permissions = permissions;
	}

	/**
	 * The query for these filters; each may be null or blank for "any".
	 * @param modelName a registered model's name
	 * @param resourceType the resource type; with a model name it defaults to
	 * {@code REGISTERED_MODEL}
	 * @param actor who did it
	 * @param action the action, such as {@code model_version.stage_transitioned}
	 * @param from the earliest time, epoch milliseconds, inclusive
	 * @param to the latest time, epoch milliseconds, exclusive
	 */
	@PreAuthorize("isAuthenticated()")
	public AuditQuery query(String modelName, String resourceType, String actor, String action, Long from, Long to) {
		String type = blankToNull(resourceType);
		String name = blankToNull(modelName);
		if (name == null) {
			return new AuditQuery(type, null, null, blankToNull(actor), blankToNull(action), from, to);
		}
		String modelType = (type != null) ? type : RegistryEvent.RESOURCE_TYPE;
		Optional<Long> id = this.registry.findModel(name).map(RegistryRepository.ModelRow::id);
		if (id.isPresent() && !this.permissions.allows(ResourceType.REGISTERED_MODEL, id.get(), Permission.READ)) {
			// As every other registry read answers for a model the caller may not read.
			throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
					"You may not read the registered model '" + name + "'");
		}
		return id
			.map((modelId) -> new AuditQuery(modelType, modelId, null, blankToNull(actor), blankToNull(action), from,
					to))
			.orElseGet(() -> new AuditQuery(modelType, null, name, blankToNull(actor), blankToNull(action), from, to));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
