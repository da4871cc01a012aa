-- latest_metrics is updated in place on every newer point: leave room for HOT updates.
ALTER TABLE latest_metrics SET (fillfactor = 80);
-- metrics only grows; vacuum it by inserted volume so visibility maps stay fresh for
-- index-only history reads.
ALTER TABLE metrics SET (autovacuum_vacuum_insert_scale_factor = 0.02);
