package dev.slipway.security;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Who may read or manage a resource's permissions, for the {@code @PreAuthorize}
 * expressions of {@link ResourcePermissionService}: the feature owning the kind of
 * resource decides ({@link PermissionedResources}).
 */
@Component("resourceAccess")
public class ResourceAccess {

	private final Map<ResourceType, PermissionedResources> resources = new EnumMap<>(ResourceType.class);

	ResourceAccess(List<PermissionedResources> resources) {
		resources.forEach((kind) -> this.resources.put(kind.type(), kind));
	}

	/** Whether the caller has {@code needed} on the resource with this public key. */
	public boolean allows(ResourceType type, String key, String needed) {
		return of(type).allows(key, Permission.valueOf(needed));
	}

	/** The feature's answers for one kind of resource. */
	PermissionedResources of(ResourceType type) {
		PermissionedResources kind = this.resources.get(type);
		if (kind == null) {
			throw new IllegalStateException("No feature keeps permissions on " + type);
		}
		return kind;
	}

}
