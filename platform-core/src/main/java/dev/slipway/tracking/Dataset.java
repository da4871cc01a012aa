package dev.slipway.tracking;

/**
 * A dataset as MLflow describes it.
 *
 * @param name dataset name
 * @param digest content digest (at most 36 characters)
 * @param sourceType kind of source, e.g. {@code local}, {@code http}
 * @param source JSON describing the source
 * @param schema JSON schema, may be null
 * @param profile JSON profile, may be null
 */
public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {
}
