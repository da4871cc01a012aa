package dev.slipway.tracking;

/**
 * An entry of an artifact listing.
 *
 * @param path the entry's path, relative to what was listed (MLflow's convention per
 * route)
 * @param isDir whether it is a folder
 * @param fileSize size in bytes, null for folders
 */
public record ArtifactFile(String path, boolean isDir, Long fileSize) {
}
