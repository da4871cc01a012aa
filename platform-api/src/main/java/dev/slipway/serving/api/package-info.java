/**
 * Serving over REST: deployments and their rollouts ({@code /api/v1/deployments}), and
 * the prediction endpoints (MLflow's {@code /serve/{name}/invocations} and the Open
 * Inference Protocol's {@code /v2}).
 */
package dev.slipway.serving.api;
