package dev.slipway.audit;

import java.util.List;
import java.util.Optional;

import dev.slipway.error.SlipwayException;
import dev.slipway.security.ResourceType;

/**
 * What the audit trail needs from the feature that owns one kind of resource its records
 * are about: the feature implements it, so the trail finds a resource by name and keeps
 * to what the caller may read without knowing the feature's tables.
 */
public interface AuditSubjects {

	/** The kind of resource, as its records carry it in {@code resource_type}. */
	ResourceType type();

	/**
	 * The key of the resource that has this name now; empty when none has.
	 * @throws SlipwayException PERMISSION_DENIED when the caller may not read it
	 */
	Optional<Long> find(String name);

	/**
	 * A SQL condition, true where the caller may read the resource whose key is in
	 * {@code idColumn}; it may name only the owning feature's tables.
	 */
	String readableSql(String idColumn);

	/**
	 * The actions recorded about these resources, such as {@code model_version.created}.
	 */
	List<String> actions();

}
