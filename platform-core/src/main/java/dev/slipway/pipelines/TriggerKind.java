package dev.slipway.pipelines;

import java.util.List;

/** What a pipeline trigger listens for. */
public enum TriggerKind {

	/** A monitoring alert rule fires on a registered model. */
	ALERT(3600, List.of("model", "rule", "monitor", "window_start")),

	/** A new version of a registered model is created. */
	MODEL_VERSION(0, List.of("model", "version")),

	/** A run of another pipeline succeeds. */
	PIPELINE_SUCCEEDED(0, List.of("pipeline", "run_id"));

	private final long defaultCooldownSeconds;

	private final List<String> placeholders;

	TriggerKind(long defaultCooldownSeconds, List<String> placeholders) {
		this.defaultCooldownSeconds = defaultCooldownSeconds;
		this.placeholders = placeholders;
	}

	/**
	 * The cooldown when none is given: an hour for alerts (a flapping rule must not start
	 * a retraining per window), none for the others.
	 */
	public long defaultCooldownSeconds() {
		return this.defaultCooldownSeconds;
	}

	/** The names {@code X} of the {@code {{event.X}}} placeholders its events fill. */
	public List<String> placeholders() {
		return this.placeholders;
	}

}
