/**
 * Artifact storage for Slipway: one {@link dev.slipway.storage.ArtifactStore} contract,
 * implemented over a local folder and over any S3-compatible object store.
 *
 * <p>
 * Plain Java on purpose: platform-core wires the stores as Spring beans, so this module
 * can be tested and reused without an application context.
 */
package dev.slipway.storage;
