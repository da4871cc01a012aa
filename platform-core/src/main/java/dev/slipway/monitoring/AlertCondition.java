package dev.slipway.monitoring;

/** When a value breaks its bound. */
public enum AlertCondition {

	/** Fires at or above the upper bound. */
	ABOVE,

	/** Fires below the lower bound. */
	BELOW,

	/** Fires outside either bound (learned bounds). */
	OUTSIDE

}
