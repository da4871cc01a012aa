package dev.slipway.monitoring;

/** An alert rule's state. */
public enum AlertState {

	/** The last evaluated window kept inside the bound (or none was evaluated yet). */
	OK,

	/** The last evaluated window broke the bound. */
	FIRING

}
