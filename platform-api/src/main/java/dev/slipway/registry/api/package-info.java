/**
 * The registry's REST edge: MLflow's registry routes
 * ({@code /api/2.0/mlflow/registered-models}, {@code model-versions}) and Slipway's
 * native governance routes ({@code /api/v1/models/...}). Controllers map wire records to
 * one {@code dev.slipway.registry} service call each.
 */
package dev.slipway.registry.api;
