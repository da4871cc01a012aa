package dev.slipway.tracking;

/**
 * A logged model used or produced by a run.
 *
 * @param modelId the logged model's public id ({@code m-...})
 * @param step the step at which a run produced it; null for inputs
 */
public record ModelIo(String modelId, Long step) {
}
