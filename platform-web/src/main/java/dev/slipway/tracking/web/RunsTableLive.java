package dev.slipway.tracking.web;

import java.util.List;
import java.util.Map;

/**
 * The fresh state of running runs, for the runs table's live refresh.
 *
 * @param runs one item per run found
 */
record RunsTableLive(List<Item> runs) {

	/**
	 * One run's state.
	 *
	 * @param runId public id
	 * @param status status name
	 * @param statusClass CSS class of the status badge
	 * @param running whether it still runs
	 * @param endTime epoch milliseconds, or null while running
	 * @param duration how long it ran (so far), as text
	 * @param metrics the requested metrics' latest values, as text
	 */
	record Item(String runId, String status, String statusClass, boolean running, Long endTime, String duration,
			Map<String, String> metrics) {
	}

}
