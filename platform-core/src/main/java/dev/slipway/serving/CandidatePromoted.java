package dev.slipway.serving;

/**
 * A candidate became a deployment's stable version, and the deployment asks for the
 * registry to follow (an alias, a stage). Handled after the promotion commits.
 *
 * @param deploymentId the deployment
 * @param model the registered model
 * @param version the promoted version
 * @param alias the alias to move, or null
 * @param stage the stage to move to, or null
 * @param actor the account the registry change is made as
 */
record CandidatePromoted(long deploymentId, String model, int version, String alias, String stage, String actor) {
}
