package dev.slipway.error.api;

import dev.slipway.error.ErrorCode;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 answer for an {@link ErrorCode}: the one shape of every native
 * error.
 */
public final class Problems {

	/** Name of the extension member that carries the stable code. */
	public static final String CODE = "code";

	private Problems() {
	}

	/** A problem with the code's status and title and a caller-facing detail. */
	public static ProblemDetail of(ErrorCode code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.httpStatus()), detail);
		problem.setTitle(code.title());
		problem.setProperty(CODE, code.name());
		return problem;
	}

}
