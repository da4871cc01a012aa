package dev.slipway.serving;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one version of a deployment is run.
 *
 * @param runtime {@code auto} (ONNX Runtime when the version holds an ONNX model, else a
 * model server), {@code onnx}, {@code mlflow-server} or {@code external}
 * @param url for {@code external}: the endpoint's base URL
 * @param protocol for {@code external}: {@code mlflow} ({@code /invocations}) or
 * {@code v2} (the Open Inference Protocol)
 * @param remoteModel for {@code external} with {@code v2}: the model name the endpoint
 * knows
 * @param headers for {@code external}: headers sent with every request (such as a token)
 * @param timeoutMillis for {@code external}: the request time limit, or null for the
 * server's
 */
public record Backend(String runtime, String url, String protocol, String remoteModel, Map<String, String> headers,
		Long timeoutMillis) {

	/** Runtime names a deployment may ask for. */
	public static final List<String> RUNTIMES = List.of("auto", "onnx", "mlflow-server", "external");

	public Backend {
		runtime = (runtime == null || runtime.isBlank()) ? "auto" : runtime;
		headers = (headers != null) ? Map.copyOf(headers) : Map.of();
	}

	/** The automatic choice. */
	public static Backend auto() {
		return new Backend("auto", null, null, null, null, null);
	}

	/** Whether the version runs somewhere else. */
	public boolean external() {
		return "external".equals(this.runtime);
	}

	/** The request time limit, or the fallback. */
	public Duration timeout(Duration fallback) {
		return (this.timeoutMillis != null) ? Duration.ofMillis(this.timeoutMillis) : fallback;
	}

}
