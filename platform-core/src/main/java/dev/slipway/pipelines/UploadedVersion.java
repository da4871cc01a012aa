package dev.slipway.pipelines;

/**
 * The answer to an upload.
 *
 * @param pipeline the pipeline (created by the upload, or existing)
 * @param version the version with this content
 * @param created whether the upload made a new version (false: the same content was
 * uploaded before, and that version is returned)
 */
public record UploadedVersion(Pipeline pipeline, PipelineVersion version, boolean created) {
}
