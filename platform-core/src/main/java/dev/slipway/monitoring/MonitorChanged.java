package dev.slipway.monitoring;

import java.util.Map;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.Auditable;

/**
 * A monitor was created, changed, given a reference or deleted; published in the
 * transaction of the change and recorded under its registered model, so the model's trail
 * shows it to those who can read the model.
 *
 * @param occurredAt epoch milliseconds
 * @param actor who did it
 * @param action {@code monitor.created}, {@code monitor.updated},
 * {@code monitor.reference_set} or {@code monitor.deleted}
 * @param modelId the registered model
 * @param modelName its name
 * @param before the state before, empty for a creation
 * @param after the state after, empty for a deletion
 */
record MonitorChanged(long occurredAt, String actor, String action, long modelId, String modelName,
		Map<String, Object> before, Map<String, Object> after) implements Auditable {

	@Override
	public AuditEntry auditEntry() {
		return new AuditEntry(this.occurredAt, this.actor, this.action, "REGISTERED_MODEL", this.modelId,
				this.modelName, null, this.before, this.after, null, null);
	}

}
