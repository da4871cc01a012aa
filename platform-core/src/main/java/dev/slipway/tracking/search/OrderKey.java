package dev.slipway.tracking.search;

/**
 * One validated sort key.
 *
 * @param entity what the key names
 * @param key the metric, param or tag name, or the canonical attribute name
 * @param ascending the direction
 */
record OrderKey(Entity entity, String key, boolean ascending) {

}
