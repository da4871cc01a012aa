/**
 * Pipelines over REST ({@code /api/v1/pipelines}, {@code /api/v1/pipeline-runs}):
 * definitions and their versions, runs, their history and step logs.
 */
package dev.slipway.pipelines.api;
