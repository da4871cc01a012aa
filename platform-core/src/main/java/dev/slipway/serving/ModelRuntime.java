package dev.slipway.serving;

/**
 * A way to run models: in-process ONNX Runtime, a supervised MLflow model server, or an
 * endpoint someone else runs. The router treats them all alike.
 */
public interface ModelRuntime {

	/** The runtime's name as deployments and metrics show it ({@code onnx}, ...). */
	String kind();

	/** Whether this runtime can serve the package. */
	boolean supports(ModelPackage model);

	/**
	 * Loads the model and runs a warm-up prediction, so the answer is ready to serve.
	 * Blocks until then or until the runtime's start-up limit.
	 * @throws dev.slipway.error.SlipwayException {@code INVALID_ARGUMENT} when the model
	 * cannot be served by this runtime, {@code SERVICE_UNAVAILABLE} when loading failed
	 * for a reason that may pass
	 */
	LoadedModel load(ModelPackage model);

}
