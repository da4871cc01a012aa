/**
 * The append-only audit trail: every change another feature publishes as
 * {@link dev.slipway.audit.Auditable} is recorded in the same transaction, and can be
 * read and exported ({@link dev.slipway.audit.AuditService}). Nothing here updates or
 * deletes a record.
 */
@OwnsTables("audit_events")
package dev.slipway.audit;

import dev.slipway.system.OwnsTables;
