package dev.slipway.serving;

/**
 * What a deployment is created with.
 *
 * @param name the endpoint name: lower-case letters, digits and dashes, up to 63
 * @param description a description, or null
 * @param model the registered model
 * @param version the version that serves first (stable)
 * @param backend how it runs, or null for automatic
 * @param options monitoring and promotion options, or null for none
 */
public record NewDeployment(String name, String description, String model, String version, Backend backend,
		DeploymentOptions options) {
}
