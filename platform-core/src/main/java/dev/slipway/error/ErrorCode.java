package dev.slipway.error;

/**
 * The one catalogue of error codes Slipway answers with. A code is part of the API: once
 * released it keeps its name and its HTTP status.
 */
public enum ErrorCode {

	/** A request field or parameter has a value Slipway cannot accept. */
	INVALID_ARGUMENT(400, "Invalid argument"),

	/** The request body or query could not be read at all (bad JSON, wrong type). */
	MALFORMED_REQUEST(400, "Malformed request"),

	/** No valid credentials were presented. */
	UNAUTHENTICATED(401, "Authentication required"),

	/** The caller is known but may not do this. */
	PERMISSION_DENIED(403, "Permission denied"),

	/** The addressed resource does not exist. */
	NOT_FOUND(404, "Not found"),

	/** The route exists but not for this HTTP method. */
	METHOD_NOT_ALLOWED(405, "Method not allowed"),

	/** The server cannot produce any representation the client accepts. */
	NOT_ACCEPTABLE(406, "Not acceptable"),

	/** A resource with the same identity already exists. */
	ALREADY_EXISTS(409, "Already exists"),

	/** The resource is in a state that does not allow this operation. */
	INVALID_STATE(409, "Invalid state"),

	/** The request body is larger than the configured limit. */
	PAYLOAD_TOO_LARGE(413, "Payload too large"),

	/** The request body has a media type the route does not read. */
	UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),

	/**
	 * An unexpected failure inside Slipway; the log holds the details under the error id.
	 */
	INTERNAL_ERROR(500, "Internal error"),

	/**
	 * A served model failed while predicting (it raised, or answered what cannot be
	 * read); the input was valid.
	 */
	PREDICTION_FAILED(500, "Prediction failed"),

	/** The feature is recognised but not offered by this server. */
	NOT_IMPLEMENTED(501, "Not implemented"),

	/** A backing service (database, artifact store) is unreachable; retrying may help. */
	SERVICE_UNAVAILABLE(503, "Service unavailable"),

	/** A served model did not answer within its time limit. */
	PREDICTION_TIMEOUT(504, "Prediction timed out");

	private final int httpStatus;

	private final String title;

	ErrorCode(int httpStatus, String title) {
		this.httpStatus = httpStatus;
		this.title = title;
	}

	/** The HTTP status this code is always answered with. */
	public int httpStatus() {
		return this.httpStatus;
	}

	/** A short, fixed human summary of the code (the Problem Details {@code title}). */
	public String title() {
		return this.title;
	}

	/**
	 * The code that stands for a bare HTTP status, for failures raised by the web
	 * framework rather than by Slipway itself.
	 */
	public static ErrorCode forHttpStatus(int status) {
		return switch (status) {
			case 400 -> MALFORMED_REQUEST;
			case 401 -> UNAUTHENTICATED;
			case 403 -> PERMISSION_DENIED;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 409 -> INVALID_STATE;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 501 -> NOT_IMPLEMENTED;
			case 502, 503, 504 -> SERVICE_UNAVAILABLE;
			default -> (status >= 500) ? INTERNAL_ERROR : MALFORMED_REQUEST;
		};
	}

}
