-- runs/search filters name a key and a value together (params.model = 'xgb'). Without statistics
-- on the pair, PostgreSQL multiplies the selectivity of the key by that of the value as if they
-- were independent, and so underestimates such a filter (630 rows expected where 2,500 match in
-- a 10,000-run experiment): it then hash-joins every run instead of walking the metric index in
-- the requested order, and the search got slower at 10,000 runs than at 100,000. The most
-- common (key, value) pairs, kept by ANALYZE from now on, fix the estimate.
CREATE STATISTICS st_run_params_key_value (mcv) ON param_key, param_value FROM run_params;
CREATE STATISTICS st_run_tags_key_value (mcv) ON tag_key, tag_value FROM run_tags;
ANALYZE run_params;
ANALYZE run_tags;
