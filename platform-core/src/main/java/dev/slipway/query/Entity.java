package dev.slipway.query;

/**
 * What a filter or order_by key names: a column of the searched row, or one of its
 * key-value children.
 */
public enum Entity {

	/** A column of the searched row itself (run, experiment, logged model). */
	ATTRIBUTE,

	/** A run's latest metric value, or any metric value of a logged model. */
	METRIC,

	/** A parameter. */
	PARAM,

	/** A tag. */
	TAG,

	/** A dataset a run consumed: its name, digest or context. */
	DATASET

}
