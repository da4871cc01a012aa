package dev.slipway.tracking.web;

import java.util.List;

/**
 * One run in the runs table, ready to print.
 *
 * @param runId public id
 * @param name display name
 * @param href the run's page
 * @param status status name
 * @param statusClass CSS class of the status badge
 * @param running whether the page should keep the row fresh
 * @param deleted whether the run is deleted
 * @param user who ran it
 * @param start start time as text
 * @param startIso start time, machine-readable
 * @param duration how long it ran (so far)
 * @param depth 0 for top-level runs, 1 and more for nested runs under their parent
 * @param parentRunId the parent run's id when the parent is not on this page, else null
 * @param children how many of its nested runs are on this page
 * @param cells the chosen columns' values, in column order
 */
record RunsTableRow(String runId, String name, String href, String status, String statusClass, boolean running,
		boolean deleted, String user, String start, String startIso, String duration, int depth, String parentRunId,
		int children, List<Cell> cells) {

	/**
	 * A chosen column's value.
	 *
	 * @param column the column ({@code metrics.rmse})
	 * @param text the value as text, empty when the run has none
	 * @param numeric whether to align it as a number
	 */
	record Cell(String column, String text, boolean numeric) {
	}

	/** The first characters of the parent's id, enough to tell runs apart. */
	public String parentShort() {
		return (this.parentRunId == null || this.parentRunId.length() <= 8) ? this.parentRunId
				: this.parentRunId.substring(0, 8);
	}

	/** Depth as a CSS class, for the indentation of nested runs. */
	public String depthClass() {
		return "depth-" + Math.min(this.depth, 3);
	}

}
