package dev.slipway.pipelines;

import java.time.Instant;

/**
 * What identifies a started attempt outside Slipway, kept with the attempt so another
 * replica (or this one after a restart) can find it again.
 *
 * @param externalId the local process id as text, or the Kubernetes Job's name
 * @param host the machine the local process runs on, or the Kubernetes namespace
 * @param pid the local process id, or {@code null} for Kubernetes
 * @param startedAt when the process or Job started
 */
public record StartedAttempt(String externalId, String host, Long pid, Instant startedAt) {
}
