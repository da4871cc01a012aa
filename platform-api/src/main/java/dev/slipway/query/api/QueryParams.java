package dev.slipway.query.api;

import dev.slipway.error.SlipwayException;

/**
 * Query parameters shared by the native list routes: integers and page sizes, each
 * refused with INVALID_ARGUMENT naming the parameter.
 */
public final class QueryParams {

	private QueryParams() {
	}

	/** An optional integer query parameter, INVALID_ARGUMENT naming it when not one. */
	public static Long longParam(String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw SlipwayException.invalidArgument(field, "'" + value + "' is not an integer");
		}
	}

	/** A page size: {@code defaultValue} when absent, else 1 to {@code max}. */
	public static int maxResults(String value, int defaultValue, int max) {
		Long size = longParam("max_results", value);
		if (size == null) {
			return defaultValue;
		}
		if (size < 1 || size > max) {
			throw SlipwayException.invalidArgument("max_results", "must be between 1 and " + max);
		}
		return size.intValue();
	}

}
