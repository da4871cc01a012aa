package dev.slipway.pipelines;

/**
 * What a step left under one output name.
 *
 * @param type what kind of output it is
 * @param uri where it is stored ({@code mlflow-artifacts:/...}), what downstream steps
 * get
 * @param digest {@code sha256:...} of its content (a folder: of its files' paths and
 * digests), for the cache keys of downstream steps
 * @param size bytes
 * @param value the text of a {@code value} or {@code metrics} output (at most 64 KiB),
 * for conditions; null for the other types
 */
public record StepOutput(OutputType type, String uri, String digest, long size, String value) {
}
