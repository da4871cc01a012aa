package dev.slipway.query;

import java.util.List;

import dev.slipway.error.SlipwayException;

/**
 * What the three search builders share: argument checks, the experiment scope and paging.
 */
public final class Searches {

	private Searches() {
	}

	public static void checkPage(long offset, int limit) {
		if (offset < 0) {
			throw SlipwayException.invalidArgument("page_token", "invalid page token");
		}
		if (limit < 0) {
			throw SlipwayException.invalidArgument("max_results", "must not be negative");
		}
	}

	/** {@code column = ?} or {@code column IN (?, ...)} over the experiment ids. */
	public static Sql inExperiments(String column, List<Long> experimentIds) {
		if (experimentIds == null || experimentIds.isEmpty()) {
			throw SlipwayException.invalidArgument("experiment_ids", "at least one experiment id is required");
		}
		for (Long experimentId : experimentIds) {
			if (experimentId == null) {
				throw SlipwayException.invalidArgument("experiment_ids", "must not contain null");
			}
		}
		if (experimentIds.size() == 1) {
			return new Sql().sql(column + " = ").arg(experimentIds.get(0));
		}
		return new Sql().sql(column + " IN (").args(experimentIds).sql(")");
	}

	/**
	 * {@code LIMIT n OFFSET m} as literals (both are checked numbers, never text). With
	 * parameters, PostgreSQL may switch a prepared search to a generic plan that cannot
	 * see the limit and picks a parallel full sort, five times slower.
	 */
	public static Sql page(long offset, int limit) {
		checkPage(offset, limit);
		return new Sql().sql(" LIMIT " + limit + " OFFSET " + offset);
	}

	/**
	 * Where a numeric sort key has its NaN and NULL rows: after the numbers, NaN first,
	 * either way.
	 */
	public static String metricNullsAndNanLast(String column) {
		return "CASE WHEN " + column + " IS NULL THEN 2 WHEN " + column + " = " + Sql.NAN + " THEN 1 ELSE 0 END";
	}

	/** Puts rows without a value after the others, in either direction. */
	public static String nullsLast(String column) {
		return "CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END";
	}

	public static String direction(boolean ascending) {
		return ascending ? " ASC" : " DESC";
	}

}
