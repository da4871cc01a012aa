-- A logged model's source run may be tracked on another server: MLflow stores the run id as
-- given, so Slipway keeps the id itself next to the link to a local run (source_run_id).
ALTER TABLE logged_models ADD COLUMN source_run_uuid VARCHAR(256);

UPDATE logged_models
SET source_run_uuid = (SELECT r.run_uuid FROM runs r WHERE r.id = logged_models.source_run_id)
WHERE source_run_id IS NOT NULL;

CREATE INDEX ix_logged_models_source_run_uuid ON logged_models (source_run_uuid);
