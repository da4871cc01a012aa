-- A model version's page reads that version's audit records, newest first, in pages:
-- (resource_type, resource_id, version, id) answers it without scanning the model's whole trail.
CREATE INDEX ix_audit_events_version ON audit_events (resource_type, resource_id, version, id);
