/**
 * Serving: deployments of registered model versions behind stable endpoints, the runtimes
 * that load them (in-process ONNX Runtime, a supervised MLflow model server, an external
 * endpoint), the router that splits traffic between a stable and a candidate version, and
 * progressive delivery (canary steps, A/B, shadow, blue-green) gated by metrics with
 * automatic rollback.
 */
@OwnsTables({ "deployments", "deployment_changes", "deployment_stats" })
package dev.slipway.serving;

import dev.slipway.system.OwnsTables;
