package dev.slipway.system;

import java.time.Instant;
import java.util.UUID;

/**
 * The identity of one Slipway installation: created on the first start against a database
 * and kept across restarts and upgrades.
 *
 * @param instanceId stable id of the installation
 * @param createdAt when the database was first initialised
 * @param createdByVersion the Slipway version that initialised it
 */
public record PlatformInstance(UUID instanceId, Instant createdAt, String createdByVersion) {
}
