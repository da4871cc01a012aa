package dev.slipway.registry;

/** What a promotion, request or policy rule is about: a stage or an alias. */
public enum TargetKind {

	/** A stage such as {@code Production}. */
	STAGE,

	/** An alias such as {@code champion}. */
	ALIAS

}
