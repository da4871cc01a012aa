-- PostgreSQL does not index a foreign key by itself (H2 does). These foreign keys are read by
-- their column (aliases and requests of a version, inputs of a dataset) or followed by
-- ON DELETE cascades, which without an index scan the whole referencing table for every
-- deleted row. Found by the schema snapshot test, which compares both databases.
CREATE INDEX ix_logged_model_metrics_run ON logged_model_metrics (run_id);
CREATE INDEX ix_model_aliases_version ON model_aliases (version_id);
CREATE INDEX ix_model_version_datasets_dataset ON model_version_datasets (dataset_id);
CREATE INDEX ix_registry_promotions_version ON registry_promotions (version_id);
CREATE INDEX ix_run_inputs_dataset ON run_inputs (dataset_id);
CREATE INDEX ix_run_inputs_logged_model ON run_inputs (logged_model_id);
CREATE INDEX ix_run_outputs_logged_model ON run_outputs (logged_model_id);
CREATE INDEX ix_transition_requests_version ON transition_requests (version_id);
