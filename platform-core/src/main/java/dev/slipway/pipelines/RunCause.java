package dev.slipway.pipelines;

/** Why a pipeline run exists. */
public enum RunCause {

	/** Started from the web UI. */
	MANUAL,

	/** Started through the REST API. */
	API,

	/** Started by a schedule. */
	SCHEDULE,

	/**
	 * Started by a trigger (an alert, a new model version, another pipeline's success).
	 */
	TRIGGER

}
