package dev.slipway.pipelines;

/**
 * A pipeline as users see it.
 *
 * @param id surrogate key
 * @param name unique name
 * @param description what it does, or null
 * @param experimentId the tracking experiment its runs are logged in
 * @param experimentName that experiment's name
 * @param latestVersion its newest version number
 * @param createdBy who created it
 * @param createdAt epoch millis
 * @param updatedAt epoch millis of its last new version
 */
public record Pipeline(long id, String name, String description, long experimentId, String experimentName,
		int latestVersion, String createdBy, long createdAt, long updatedAt) {
}
