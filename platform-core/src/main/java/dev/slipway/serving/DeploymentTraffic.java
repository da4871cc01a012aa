package dev.slipway.serving;

import java.util.List;

/**
 * A deployment's requests, every replica's.
 *
 * @param since the start of the period the totals cover, epoch milliseconds
 * @param stable the stable version's totals
 * @param candidate the candidate's totals, or null without a candidate
 * @param series per version and ten-second bucket, oldest first
 */
public record DeploymentTraffic(long since, VersionStats stable, VersionStats candidate, List<StatsPoint> series) {
}
