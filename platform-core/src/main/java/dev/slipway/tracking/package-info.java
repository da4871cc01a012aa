/**
 * Experiment tracking, spoken as MLflow's tracking API: experiments, runs with their
 * params, tags, metrics and inputs, logged models, datasets and artifacts
 * ({@link dev.slipway.tracking.ExperimentService},
 * {@link dev.slipway.tracking.RunService},
 * {@link dev.slipway.tracking.LoggedModelService}). {@code user_preferences} holds the
 * run-table columns each user picks.
 */
@OwnsTables({ "experiments", "experiment_tags", "runs", "run_params", "run_tags", "metrics", "latest_metrics",
		"metric_rollups", "datasets", "run_inputs", "run_input_tags", "run_outputs", "logged_models",
		"logged_model_params", "logged_model_tags", "logged_model_metrics", "user_preferences" })
package dev.slipway.tracking;

import dev.slipway.system.OwnsTables;
