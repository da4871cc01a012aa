package dev.slipway.registry;

/**
 * What a rollback would do, for a confirmation before it is done.
 *
 * @param modelName the registered model
 * @param targetKind stage or alias
 * @param target the stage's canonical name or the alias
 * @param current the version there now, or null
 * @param restored the version that would be put back
 */
public record RollbackPlan(String modelName, TargetKind targetKind, String target, Integer current, int restored) {
}
