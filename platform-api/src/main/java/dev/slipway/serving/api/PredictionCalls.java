package dev.slipway.serving.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.MlflowErrors;
import dev.slipway.serving.InferenceProtocol;
import dev.slipway.serving.MlflowInvocations;
import dev.slipway.serving.ModelInput;
import dev.slipway.serving.ServedPrediction;
import dev.slipway.serving.ServingService;
import dev.slipway.serving.ServingSettings;
import jakarta.servlet.http.HttpServletRequest;

/**
 * One prediction call of either protocol, from the request to the answer's body, as both
 * {@link ServingController} and {@link PredictionLane} make it: so the fast lane and the
 * regular route cannot answer differently.
 */
final class PredictionCalls {

	private final ServingService serving;

	private final ServingSettings settings;

	PredictionCalls(ServingService serving, ServingSettings settings) {
		this.serving = serving;
		this.settings = settings;
	}

	/** MLflow's {@code /invocations} of deployment {@code name}. */
	Answer invocations(String name, HttpServletRequest request) throws IOException {
		ModelInput input;
		try (InputStream body = request.getInputStream()) {
			input = MlflowInvocations.decode(request.getContentType(), body, this.settings.maxRequestSize().toBytes());
		}
		ServedPrediction served = this.serving.predict(name, input, request::getHeader);
		return new Answer(served, MlflowInvocations.encode(served.predictions()));
	}

	/** The inference protocol's {@code /infer} of deployment {@code name}. */
	Answer infer(String name, HttpServletRequest request) throws IOException {
		InferenceProtocol.Request decoded;
		try (InputStream body = request.getInputStream()) {
			decoded = InferenceProtocol.decode(body, this.settings.maxRequestSize().toBytes());
		}
		ServedPrediction served = this.serving.predict(name, decoded.input(), request::getHeader);
		return new Answer(served, InferenceProtocol.encode(name, Integer.toString(served.version()), decoded.id(),
				served.predictions(), decoded.outputs()));
	}

	/**
	 * A refusal in its protocol's error shape: the inference protocol's {@code {"error"}}
	 * under {@code /v2}, MLflow's {@code {"error_code", "message"}} elsewhere (a bad
	 * request being MLflow's {@code BAD_REQUEST}), with the catalogue's status.
	 */
	static Map<String, Object> refusal(SlipwayException ex, String path) {
		if (path.startsWith("/v2")) {
			return Map.of("error", ex.getMessage());
		}
		String code = switch (ex.code()) {
			case INVALID_ARGUMENT, MALFORMED_REQUEST, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE -> "BAD_REQUEST";
			default -> MlflowErrors.of(ex.code()).code();
		};
		return MlflowErrors.body(code, ex.getMessage());
	}

	/** A prediction and the body that answers it. */
	record Answer(ServedPrediction served, String body) {

	}

}
