package dev.slipway.monitoring;

/** How a monitored column is profiled and compared. */
public enum ColumnKind {

	/** Numbers: moments, a KLL quantile sketch and counts over the reference's bins. */
	NUMERICAL,

	/** Labels from a small set: counts per reference category, frequent items and HLL. */
	CATEGORICAL,

	/** Free text, profiled as a category (each distinct text is one value). */
	TEXT;

	/** Whether values are compared as categories rather than numbers. */
	public boolean categorical() {
		return this != NUMERICAL;
	}

}
