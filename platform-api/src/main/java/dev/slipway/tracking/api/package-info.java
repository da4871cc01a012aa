/**
 * Tracking's REST edge: MLflow's tracking, logged-model and artifact routes and the
 * native experiment permission routes, each a thin mapping onto
 * {@code dev.slipway.tracking} services.
 */
package dev.slipway.tracking.api;
