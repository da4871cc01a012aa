/**
 * The native webhook routes ({@code /api/v1/webhooks},
 * {@code /api/v1/models/{name}/webhooks}).
 */
package dev.slipway.webhooks.api;
