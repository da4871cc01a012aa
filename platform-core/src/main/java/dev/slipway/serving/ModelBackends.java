package dev.slipway.serving;

/** Loads one version of a deployment with the runtime its backend names. */
interface ModelBackends {

	/**
	 * Loads and warms up a version.
	 * @param model the registered model's name
	 * @param modelId its id
	 * @param version the version number
	 * @param downloadUri where its files are
	 * @param backend how it runs
	 */
	LoadedModel load(String model, long modelId, int version, String downloadUri, Backend backend);

}
