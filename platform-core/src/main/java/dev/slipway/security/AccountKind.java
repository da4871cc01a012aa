package dev.slipway.security;

/** Whether an account belongs to a person or to automation. */
public enum AccountKind {

	/** A person: signs in with a password or through single sign-on, holds tokens. */
	HUMAN,

	/**
	 * Automation (a pipeline, CI): never signs in, only holds tokens an admin created.
	 */
	SERVICE

}
