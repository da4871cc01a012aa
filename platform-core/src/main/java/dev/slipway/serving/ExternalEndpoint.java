package dev.slipway.serving;

import java.time.Duration;
import java.util.Map;

/**
 * A model endpoint someone else runs, as a deployment slot names it.
 *
 * @param url the base URL ({@code http} or {@code https}), without the protocol's paths
 * @param protocol {@link #MLFLOW} ({@code POST {url}/invocations}) or {@link #V2} (the
 * Open Inference Protocol, {@code POST {url}/v2/models/{modelName}/infer})
 * @param modelName the model's name on the endpoint; required for {@link #V2}
 * @param headers headers sent with every call, such as {@code Authorization: Bearer ...}
 * @param timeout how long one prediction may take, or null for the runtime's default
 */
record ExternalEndpoint(String url, String protocol, String modelName, Map<String, String> headers, Duration timeout) {

	/** MLflow's scoring protocol. */
	static final String MLFLOW = "mlflow";

	/** The Open Inference Protocol (KServe V2). */
	static final String V2 = "v2";

	ExternalEndpoint {
		headers = (headers != null) ? Map.copyOf(headers) : Map.of();
	}

	/** Names the headers without their values, which may be secrets (a bearer token). */
	@Override
	public String toString() {
		return "ExternalEndpoint[url=" + this.url + ", protocol=" + this.protocol + ", modelName=" + this.modelName
				+ ", headers=" + this.headers.keySet() + ", timeout=" + this.timeout + "]";
	}

}
