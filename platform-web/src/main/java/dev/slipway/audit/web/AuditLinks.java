package dev.slipway.audit.web;

import dev.slipway.security.ResourceType;

/**
 * Where the audit pages link a record to: the pages of the resource it is about. The
 * feature owning that kind of resource implements it, so the audit pages need not know
 * that feature's addresses.
 */
public interface AuditLinks {

	/** The kind of resource these links lead to. */
	ResourceType type();

	/** The page of the resource with this name. */
	String resource(String name);

	/** The page of one version of the resource with this name. */
	String version(String name, int version);

}
