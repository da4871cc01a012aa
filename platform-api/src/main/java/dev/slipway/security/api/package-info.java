/**
 * Security at the REST edge: the API filter chain (tokens, Basic), the native user and
 * token routes ({@code /api/v1/users}, {@code /api/v1/tokens}) and MLflow's auth routes.
 */
package dev.slipway.security.api;
