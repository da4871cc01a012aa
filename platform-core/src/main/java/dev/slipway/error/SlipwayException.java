package dev.slipway.error;

/**
 * A failure with a stable {@link ErrorCode}. Its message is shown to the caller, so it
 * must never carry secrets, SQL or class names.
 */
public class SlipwayException extends RuntimeException {

	private final ErrorCode code;

	public SlipwayException(ErrorCode code, String message) {
		super(message);
		this.code = code;
	}

	public SlipwayException(ErrorCode code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	/** The catalogue code this failure is answered with. */
	public ErrorCode code() {
		return this.code;
	}

	/**
	 * "{@code kind} '{@code id}' does not exist", the one wording for a missing resource.
	 */
	public static SlipwayException notFound(String kind, Object id) {
		return new SlipwayException(ErrorCode.NOT_FOUND, kind + " '" + id + "' does not exist");
	}

	/** A field that breaks a rule, named so the caller can fix the request. */
	public static SlipwayException invalidArgument(String field, String problem) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT, field + ": " + problem);
	}

}
