package dev.slipway.monitoring;

/**
 * What a new monitor is made of.
 *
 * @param name its name, unique per model
 * @param modelVersion the one version to watch, or null for every version
 * @param description free text, or null
 * @param schema the columns and roles to read
 * @param window the window length (DAY when null)
 * @param timeZone the zone windows start in (UTC when null)
 * @param drift how drift is decided (the defaults when null)
 */
public record NewMonitor(String name, Integer modelVersion, String description, MonitorSchema schema, WindowUnit window,
		String timeZone, DriftSettings drift) {
}
