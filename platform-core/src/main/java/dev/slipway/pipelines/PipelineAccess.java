package dev.slipway.pipelines;

import dev.slipway.security.CurrentUser;
import dev.slipway.security.Permission;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;

import org.springframework.stereotype.Component;

/**
 * Who may do what with a pipeline, for the {@code @PreAuthorize} expressions of
 * {@link PipelineService}: a pipeline takes its tracking experiment's permission (READ to
 * look, EDIT to upload versions and start or cancel runs, MANAGE for schedules, triggers
 * and deletion). An unknown pipeline or run is let through for a signed-in caller, so the
 * service answers NOT_FOUND.
 */
@Component("pipelineAccess")
public class PipelineAccess {

	private final PipelineRepository pipelines;

	private final PipelineRunRepository runs;

	private final PermissionService permissions;

	PipelineAccess(PipelineRepository pipelines, PipelineRunRepository runs, PermissionService permissions) {
		this.pipelines = pipelines;
		this.runs = runs;
		this.permissions = permissions;
	}

	/** Whether the caller has {@code needed} on the pipeline with this name. */
	public boolean pipeline(String name, String needed) {
		if (CurrentUser.find().isEmpty()) {
			return false;
		}
		return this.pipelines.findByName(name).map((row) -> allows(row.experimentId(), needed)).orElse(true);
	}

	/** Whether the caller has {@code needed} on the pipeline of this run. */
	public boolean run(long runId, String needed) {
		if (CurrentUser.find().isEmpty()) {
			return false;
		}
		return this.runs.find(runId)
			.flatMap((run) -> this.pipelines.find(run.pipelineId()))
			.map((row) -> allows(row.experimentId(), needed))
			.orElse(true);
	}

	boolean allows(long experimentId, String needed) {
		return this.permissions.allows(ResourceType.EXPERIMENT, experimentId, Permission.valueOf(needed));
	}

}
