package dev.slipway.tracking;

import java.util.Locale;

import dev.slipway.error.SlipwayException;

/** A run's lifecycle status, as MLflow names it. */
public enum RunStatus {

	/** The run is executing. */
	RUNNING,

	/** The run is queued to execute. */
	SCHEDULED,

	/** The run completed. */
	FINISHED,

	/** The run failed. */
	FAILED,

	/** The run was killed. */
	KILLED;

	/** Parses MLflow's name (or proto number 1–5); anything else names the field. */
	public static RunStatus parse(String field, String value) {
		if (value != null) {
			String upper = value.trim().toUpperCase(Locale.ROOT);
			for (RunStatus status : values()) {
				if (status.name().equals(upper) || String.valueOf(status.ordinal() + 1).equals(upper)) {
					return status;
				}
			}
		}
		throw SlipwayException.invalidArgument(field,
				"'" + value + "' is not a run status; expected RUNNING, SCHEDULED, FINISHED, FAILED or KILLED");
	}

	/** Whether the run has ended. */
	public boolean isTerminal() {
		return this == FINISHED || this == FAILED || this == KILLED;
	}

}
