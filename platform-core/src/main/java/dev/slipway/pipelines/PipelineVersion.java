package dev.slipway.pipelines;

/**
 * One immutable version of a pipeline.
 *
 * @param id surrogate key
 * @param pipelineId its pipeline
 * @param version 1, 2, ... per pipeline
 * @param digest {@code sha256:} and the hex SHA-256 of the canonical JSON
 * @param definition the parsed definition
 * @param canonicalJson what runs
 * @param source the document as uploaded
 * @param createdBy who uploaded it
 * @param createdAt epoch millis
 */
public record PipelineVersion(long id, long pipelineId, int version, String digest, PipelineDefinition definition,
		String canonicalJson, String source, String createdBy, long createdAt) {
}
