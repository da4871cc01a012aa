-- An invoke-only token may call one deployment's prediction routes and nothing else.
-- The deployment is named by id, so a deployment deleted and created again under the
-- same name does not revive an old token; no foreign key, as tokens belong to security
-- and deployments to serving.
ALTER TABLE api_tokens ADD COLUMN scope_deployment_id BIGINT;
CREATE INDEX ix_api_tokens_deployment ON api_tokens (scope_deployment_id);

-- A sample of each version's predictions per replica and ten-second bucket (a JSON
-- array of at most 32 values), which a rollout's prediction-drift gate compares with
-- the monitor's reference.
ALTER TABLE deployment_stats ADD COLUMN predictions VARCHAR(8000);
