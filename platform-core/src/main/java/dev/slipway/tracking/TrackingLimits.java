package dev.slipway.tracking;

import java.util.regex.Pattern;

import dev.slipway.error.SlipwayException;

/**
 * MLflow's limits (mlflow/utils/validation.py) and the checks that enforce them. Every
 * violation is INVALID_ARGUMENT naming the field, before anything is written.
 */
public final class TrackingLimits {

	/** Longest metric, param or tag key. */
	public static final int MAX_KEY_LENGTH = 250;

	/** Longest param value. */
	public static final int MAX_PARAM_VALUE_LENGTH = 6000;

	/** Longest run tag value. */
	public static final int MAX_TAG_VALUE_LENGTH = 8000;

	/** Longest experiment name. */
	public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;

	/** Longest experiment tag value. */
	public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;

	/** Most metrics in one log-batch. */
	public static final int MAX_BATCH_METRICS = 1000;

	/** Most params in one log-batch. */
	public static final int MAX_BATCH_PARAMS = 100;

	/** Most tags in one log-batch. */
	public static final int MAX_BATCH_TAGS = 100;

	/** Most entities of all kinds in one log-batch. */
	public static final int MAX_BATCH_ENTITIES = 1000;

	/** Largest runs/search page. */
	public static final int MAX_RUNS_PAGE = 50_000;

	/** Largest experiments/search page. */
	public static final int MAX_EXPERIMENTS_PAGE = 50_000;

	/** Largest metric history page. */
	public static final int MAX_HISTORY_PAGE = 25_000;

	private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w-]{0,255}$");

	private static final Pattern KEY = Pattern.compile("^[\\w\\-. /:]+$");

	private TrackingLimits() {
	}

	/** A run id in MLflow's format. */
	public static String requireRunId(String field, String runId) {
		if (runId == null || runId.isEmpty()) {
			throw SlipwayException.invalidArgument(field, "is required");
		}
		if (!RUN_ID.matcher(runId).matches()) {
			throw SlipwayException.invalidArgument(field, "'" + abbreviate(runId) + "' is not a valid run id");
		}
		return runId;
	}

	/** A metric, param or tag key: MLflow's characters, no path tricks. */
	public static String requireKey(String field, String key) {
		if (key == null || key.isEmpty()) {
			throw SlipwayException.invalidArgument(field, "is required");
		}
		if (key.length() > MAX_KEY_LENGTH) {
			throw SlipwayException.invalidArgument(field,
					"'" + abbreviate(key) + "' is " + key.length() + " characters; the limit is " + MAX_KEY_LENGTH);
		}
		if (!KEY.matcher(key).matches()) {
			throw SlipwayException.invalidArgument(field, "'" + abbreviate(key)
					+ "' may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/)");
		}
		if (key.startsWith("/") || key.equals("..") || key.startsWith("../") || key.endsWith("/..")
				|| key.contains("/../") || key.contains("//")) {
			throw SlipwayException.invalidArgument(field, "'" + abbreviate(key) + "' would escape or alter its path");
		}
		return key;
	}

	/** A value no longer than {@code limit}; null is refused. */
	public static String requireValue(String field, String value, int limit) {
		if (value == null) {
			throw SlipwayException.invalidArgument(field, "is required");
		}
		if (value.length() > limit) {
			throw SlipwayException.invalidArgument(field,
					"value is " + value.length() + " characters; the limit is " + limit);
		}
		return value;
	}

	/** A page size between 1 and {@code max}; null means {@code defaultSize}. */
	public static int pageSize(String field, Long requested, int defaultSize, int max) {
		if (requested == null) {
			return defaultSize;
		}
		if (requested < 1 || requested > max) {
			throw SlipwayException.invalidArgument(field, "must be between 1 and " + max + ", was " + requested);
		}
		return requested.intValue();
	}

	static String abbreviate(String value) {
		return (value.length() <= 64) ? value : value.substring(0, 61) + "...";
	}

}
