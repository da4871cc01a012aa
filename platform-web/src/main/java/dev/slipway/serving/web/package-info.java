/**
 * Deployment pages: the list of deployments and a deployment's page with its live traffic
 * split, rollout step and gates, request, error and latency charts, history, and the
 * promote, pause, resume, abort and roll back buttons.
 */
package dev.slipway.serving.web;
