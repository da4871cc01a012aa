package dev.slipway.error.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.error.ErrorCode;

/**
 * The MLflow face of the error catalogue: MLflow routes answer {@code {"error_code",
 * "message"}} with MLflow's code names and statuses (mlflow/protos/databricks.proto,
 * mlflow/exceptions.py). Deterministic failures never map to a 5xx, because MLflow
 * clients retry those.
 */
public final class MlflowErrors {

	private MlflowErrors() {
	}

	/**
	 * An MLflow error code and the HTTP status it is sent with.
	 *
	 * @param code MLflow's name, e.g. {@code RESOURCE_DOES_NOT_EXIST}
	 * @param httpStatus the status
	 */
	public record MlflowCode(String code, int httpStatus) {
	}

	/** MLflow's code for a catalogue code. */
	public static MlflowCode of(ErrorCode code) {
		return switch (code) {
			case INVALID_ARGUMENT, INVALID_STATE, PAYLOAD_TOO_LARGE -> new MlflowCode("INVALID_PARAMETER_VALUE", 400);
			case MALFORMED_REQUEST, NOT_ACCEPTABLE, UNSUPPORTED_MEDIA_TYPE -> new MlflowCode("BAD_REQUEST", 400);
			case UNAUTHENTICATED -> new MlflowCode("UNAUTHENTICATED", 401);
			case PERMISSION_DENIED -> new MlflowCode("PERMISSION_DENIED", 403);
			case NOT_FOUND -> new MlflowCode("RESOURCE_DOES_NOT_EXIST", 404);
			// A route that exists for another method is, to an MLflow client, no such
			// endpoint:
			// ENDPOINT_NOT_FOUND is what drives its fallbacks (POST → GET).
			case METHOD_NOT_ALLOWED -> new MlflowCode("ENDPOINT_NOT_FOUND", 404);
			case ALREADY_EXISTS -> new MlflowCode("RESOURCE_ALREADY_EXISTS", 400);
			case NOT_IMPLEMENTED -> new MlflowCode("NOT_IMPLEMENTED", 501);
			case SERVICE_UNAVAILABLE -> new MlflowCode("TEMPORARILY_UNAVAILABLE", 503);
			case INTERNAL_ERROR, PREDICTION_FAILED -> new MlflowCode("INTERNAL_ERROR", 500);
			case PREDICTION_TIMEOUT -> new MlflowCode("TEMPORARILY_UNAVAILABLE", 504);
		};
	}

	/** The JSON body MLflow clients parse. */
	public static Map<String, Object> body(String mlflowCode, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error_code", mlflowCode);
		body.put("message", message);
		return body;
	}

	/**
	 * Whether a request path belongs to the MLflow API (and so gets MLflow-shaped
	 * errors).
	 */
	public static boolean isMlflowPath(String path) {
		return path != null && (path.startsWith("/api/2.0/mlflow") || path.startsWith("/ajax-api/")
				|| path.startsWith("/api/3.0/mlflow"));
	}

}
