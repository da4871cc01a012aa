package dev.slipway.registry;

/**
 * An alias of a registered model and the version it points at.
 *
 * @param alias the alias
 * @param version the version number
 */
public record ModelAlias(String alias, int version) {
}
