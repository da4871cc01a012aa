package dev.slipway.pipelines;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.Auditable;

/**
 * Something happened to a pipeline run: created, cancel asked, retried, ended. Published
 * in the transaction of the change, so the audit trail records it there; triggers listen
 * for {@code pipeline.run.succeeded}.
 *
 * @param type {@code pipeline.run.created}, {@code .cancel_requested}, {@code .retried},
 * {@code .succeeded}, {@code .failed} or {@code .canceled}
 * @param occurredAt epoch millis
 * @param actor who (a user name, or {@code system})
 * @param pipelineId the pipeline
 * @param pipelineName its name
 * @param runId the run
 * @param version the pipeline version it runs
 * @param state the run's state after the change
 * @param cause why the run exists
 * @param reason why the change, in words
 */
public record PipelineRunEvent(String type, long occurredAt, String actor, long pipelineId, String pipelineName,
		long runId, int version, RunState state, RunCause cause, String reason) implements Auditable {

	/** The resource type of pipeline audit records. */
	public static final String RESOURCE_TYPE = "PIPELINE";

	@Override
	public AuditEntry auditEntry() {
		Map<String, Object> after = new LinkedHashMap<>();
		after.put("run_id", this.runId);
		after.put("state", this.state.name());
		after.put("cause", this.cause.name());
		return new AuditEntry(this.occurredAt, this.actor, this.type, RESOURCE_TYPE, this.pipelineId, this.pipelineName,
				this.version, Map.of(), after, null, this.reason);
	}

}
