/**
 * Monitoring over REST ({@code /api/v1/monitors}): monitors, their reference, production
 * batches and drift per window.
 */
package dev.slipway.monitoring.api;
