package dev.slipway.audit;

/**
 * An application event that leaves an audit record. Publish it inside the transaction
 * that makes the change; the record is written in that transaction.
 */
public interface Auditable {

	/** The record to write. */
	AuditEntry auditEntry();

}
