package dev.slipway.serving;

import java.nio.file.Path;
import java.time.Duration;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Loads versions with the runtime their backend names: {@code external} connects to the
 * endpoint; the others copy the version's files here first, then {@code onnx} uses
 * in-process ONNX Runtime, {@code mlflow-server} a supervised
 * {@code mlflow models serve}, and {@code auto} the first of those two that supports the
 * files.
 */
@Component
class DefaultModelBackends implements ModelBackends, DisposableBean {

	private final ModelFiles files;

	private final OnnxModelRuntime onnx;

	private final MlflowServerRuntime server;

	private final ExternalRuntime external;

	private final ServingSettings settings;

	DefaultModelBackends(ModelFiles files, ServingSettings settings) {
		this.files = files;
		this.settings = settings;
		this.onnx = new OnnxModelRuntime();
		this.server = new MlflowServerRuntime(new MlflowServerSettings(settings.python(), settings.serverStartTimeout(),
				settings.requestTimeout(), settings.healthInterval(), settings.serverMaxRestarts()));
		this.external = new ExternalRuntime(Duration.ofSeconds(5), settings.requestTimeout());
	}

	@Override
	public LoadedModel load(String model, long modelId, int version, String downloadUri, Backend backend) {
		if (backend.external()) {
			return this.external.connect(new ExternalEndpoint(backend.url(), backend.protocol(), backend.remoteModel(),
					backend.headers(), backend.timeout(this.settings.requestTimeout())));
		}
		Path folder = this.files.fetch(modelId, version, downloadUri);
		ModelPackage pkg = ModelPackages.read(model, version, folder);
		ModelRuntime runtime = switch (backend.runtime()) {
			case "onnx" -> this.onnx;
			case "mlflow-server" -> this.server;
			default -> this.onnx.supports(pkg) ? this.onnx : this.server;
		};
		if (!runtime.supports(pkg)) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					"Version " + version + " of '" + model + "' cannot be served by the runtime " + runtime.kind()
							+ ((runtime == this.onnx) ? " (it holds no ONNX model)" : " (it is not an MLflow model)"));
		}
		return runtime.load(pkg);
	}

	@Override
	public void destroy() {
		this.server.close();
		this.external.close();
	}

}
