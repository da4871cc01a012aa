-- metrics.run_id loses its foreign key on PostgreSQL: the key checked the run once per point
-- (an index lookup and a row lock each), which cost about as much as storing the point.
-- The writer now share-locks the run once per batch instead (MetricRepository), so the run
-- cannot vanish under a batch, and this trigger deletes a deleted run's points, as
-- ON DELETE CASCADE did, for every way a run is deleted (its experiment's cascade too).
-- H2 keeps the foreign key.
ALTER TABLE metrics DROP CONSTRAINT metrics_run_id_fkey;

CREATE FUNCTION runs_delete_metrics() RETURNS trigger AS $$
BEGIN
    DELETE FROM metrics m USING deleted_runs d WHERE m.run_id = d.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER runs_delete_metrics
    AFTER DELETE ON runs
    REFERENCING OLD TABLE AS deleted_runs
    FOR EACH STATEMENT EXECUTE FUNCTION runs_delete_metrics();
