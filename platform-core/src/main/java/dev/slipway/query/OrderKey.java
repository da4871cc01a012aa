package dev.slipway.query;

/**
 * One validated sort key.
 *
 * @param entity what the key names
 * @param key the metric, param or tag name, or the canonical attribute name
 * @param ascending the direction
 */
public record OrderKey(Entity entity, String key, boolean ascending) {

}
