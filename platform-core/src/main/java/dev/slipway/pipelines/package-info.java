/**
 * Training pipelines: versioned DAG definitions
 * ({@link dev.slipway.pipelines.PipelineDefinitions}), runs as a state machine over steps
 * and attempts ({@link dev.slipway.pipelines.PipelineService}), executed by the local or
 * Kubernetes executor through db-scheduler, cached by content, started by people,
 * schedules and triggers; every run a tracking run, every step a nested one.
 */
@OwnsTables({ "pipelines", "pipeline_versions", "pipeline_schedules", "pipeline_triggers", "pipeline_runs",
		"pipeline_step_runs", "pipeline_attempts", "pipeline_state_changes", "pipeline_trigger_firings",
		"scheduled_tasks" })
package dev.slipway.pipelines;

import dev.slipway.system.OwnsTables;
