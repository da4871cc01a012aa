package dev.slipway.query;

/**
 * A tag or a param: a key and its value.
 *
 * @param key the key
 * @param value the value
 */
public record KeyValue(String key, String value) {
}
