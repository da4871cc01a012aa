package dev.slipway.monitoring;

/**
 * A monitor as the API and pages show it.
 *
 * @param id the monitor's key
 * @param modelName the registered model it watches
 * @param modelVersion the one version it watches, or null for every version
 * @param name its name, unique per model
 * @param description free text, or null
 * @param schema the columns and roles it reads
 * @param window the window length
 * @param timeZone the zone windows start in
 * @param drift how drift is decided
 * @param reference the reference, or null before one is set
 * @param createdBy who created it
 * @param createdAt when, epoch milliseconds
 * @param updatedAt last change, epoch milliseconds
 * @param version the optimistic-lock version, which changes with every change
 */
public record Monitor(long id, String modelName, Integer modelVersion, String name, String description,
		MonitorSchema schema, WindowUnit window, String timeZone, DriftSettings drift, Reference reference,
		String createdBy, long createdAt, long updatedAt, long version) {

	/**
	 * Where the reference came from.
	 *
	 * @param source a file name, {@code runs:/...} dataset or a time range
	 * @param rows rows profiled
	 * @param setAt when it was set, epoch milliseconds
	 * @param generation its generation (bumped on each new reference)
	 */
	public record Reference(String source, long rows, long setAt, long generation) {
	}

}
