package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.slipway.error.SlipwayException;

/**
 * The metric, param and tag columns someone chose for an experiment's run table, in their
 * order, each named as in a search ({@code metrics.rmse}, {@code params.model},
 * {@code tags.team}).
 *
 * @param columns the chosen columns
 */
public record RunTableColumns(List<String> columns) {

	/** Most columns one table shows. */
	public static final int MAX_COLUMNS = 30;

	private static final List<String> PREFIXES = List.of("metrics.", "params.", "tags.");

	/** No chosen columns. */
	public static RunTableColumns none() {
		return new RunTableColumns(List.of());
	}

	/**
	 * Checks and de-duplicates chosen columns.
	 * @throws SlipwayException INVALID_ARGUMENT for an unknown kind, a bad key or too
	 * many columns
	 */
	public static RunTableColumns of(List<String> chosen) {
		Set<String> columns = new LinkedHashSet<>();
		for (String column : chosen) {
			String prefix = PREFIXES.stream().filter(column::startsWith).findFirst().orElse(null);
			if (prefix == null) {
				throw SlipwayException.invalidArgument("columns",
						"'" + TrackingLimits.abbreviate(column) + "' is not a metrics., params. or tags. column");
			}
			TrackingLimits.requireKey("columns", column.substring(prefix.length()));
			columns.add(column);
		}
		if (columns.size() > MAX_COLUMNS) {
			throw SlipwayException.invalidArgument("columns",
					"at most " + MAX_COLUMNS + " columns, got " + columns.size());
		}
		return new RunTableColumns(List.copyOf(columns));
	}

	/** The chosen metric keys. */
	public List<String> metrics() {
		return keys("metrics.");
	}

	/** The chosen param keys. */
	public List<String> params() {
		return keys("params.");
	}

	/** The chosen tag keys. */
	public List<String> tags() {
		return keys("tags.");
	}

	private List<String> keys(String prefix) {
		List<String> keys = new ArrayList<>();
		for (String column : this.columns) {
			if (column.startsWith(prefix)) {
				keys.add(column.substring(prefix.length()));
			}
		}
		return keys;
	}

}
