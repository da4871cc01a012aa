/**
 * The model registry: registered models, versions, stages, aliases and tags, spoken as
 * MLflow's registry ({@link dev.slipway.registry.RegistryService}), and the governance
 * around promotions: per-model policies, transition requests, approvals and rollback
 * ({@link dev.slipway.registry.GovernanceService}). Every change is published as a
 * {@link dev.slipway.registry.RegistryEvent}, which the audit trail and webhooks listen
 * to.
 */
@OwnsTables({ "registered_models", "registered_model_tags", "model_versions", "model_version_tags",
		"model_version_datasets", "model_aliases", "registry_policy_rules", "transition_requests",
		"registry_promotions" })
package dev.slipway.registry;

import dev.slipway.system.OwnsTables;
