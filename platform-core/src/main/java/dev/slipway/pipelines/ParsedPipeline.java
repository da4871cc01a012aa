package dev.slipway.pipelines;

/**
 * A parsed pipeline document: the definition, its canonical JSON and that JSON's digest.
 *
 * @param definition the validated definition
 * @param canonicalJson the effective definition as compact JSON with sorted keys; the
 * same content gives the same text however the document was written
 * @param digest {@code sha256:} and the hex SHA-256 of {@code canonicalJson}'s UTF-8
 */
public record ParsedPipeline(PipelineDefinition definition, String canonicalJson, String digest) {

}
