package dev.slipway.security;

/** Kinds of resource that carry per-user permissions. */
public enum ResourceType {

	/** A tracking experiment and everything in it (runs, logged models, artifacts). */
	EXPERIMENT,

	/** A registered model of the model registry. */
	REGISTERED_MODEL

}
