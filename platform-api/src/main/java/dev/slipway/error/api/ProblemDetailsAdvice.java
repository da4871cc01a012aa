package dev.slipway.error.api;

import dev.slipway.error.DependencyOutages;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.TemporarilyUnavailableException;
import dev.slipway.storage.ArtifactNotFoundException;
import dev.slipway.storage.ArtifactStoreException;
import dev.slipway.storage.InvalidArtifactRequestException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every failure inside a REST controller to an RFC 9457 Problem Details answer with
 * a stable {@code code}. Framework failures (unreadable body, wrong media type) get the
 * code of their status; anything unexpected becomes INTERNAL_ERROR with an error id that
 * the log carries too, and never a stack trace, class name or SQL. Requests that match no
 * controller (unknown route, wrong method) reach the error controller of platform-web,
 * which answers the same shape to API clients and an error page to browsers.
 */
@RestControllerAdvice(annotations = RestController.class)
// Before the web pages' advice, which also sees REST controllers (they are @Controllers
// too).
@Order(Ordered.LOWEST_PRECEDENCE - 100)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private final FailureAnswers failures;

	ProblemDetailsAdvice(ObjectProvider<DependencyOutages> outages) {
		this.failures = new FailureAnswers(outages);
	}

	@ExceptionHandler(SlipwayException.class)
	ResponseEntity<ProblemDetail> slipway(SlipwayException ex) {
		return answer(Problems.of(ex.code(), ex.getMessage()));
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<ProblemDetail> denied(AccessDeniedException ex) {
		return answer(Problems.of(ErrorCode.PERMISSION_DENIED, SecurityErrors.deniedMessage()));
	}

	/**
	 * Bad keys, ranges, page tokens: the caller's mistake, and the message only repeats
	 * its input.
	 */
	@ExceptionHandler(InvalidArtifactRequestException.class)
	ResponseEntity<ProblemDetail> invalidArtifactRequest(InvalidArtifactRequestException ex) {
		return answer(Problems.of(ErrorCode.INVALID_ARGUMENT, ex.getMessage()));
	}

	@ExceptionHandler(ArtifactNotFoundException.class)
	ResponseEntity<ProblemDetail> artifactNotFound(ArtifactNotFoundException ex) {
		return answer(Problems.of(ErrorCode.NOT_FOUND, ex.getMessage()));
	}

	/**
	 * An unreachable or busy dependency (503 with {@code Retry-After}), or a bug (500);
	 * either way with an error id.
	 */
	@ExceptionHandler({ TemporarilyUnavailableException.class, ArtifactStoreException.class,
			TransientDataAccessException.class, Exception.class })
	ResponseEntity<ProblemDetail> failure(Exception ex, HttpServletResponse response) {
		if (this.failures.clientGone(ex)) {
			return null;
		}
		FailureAnswers.Answer answer = this.failures.of(ex);
		if (response.isCommitted()) {
			// Part of the answer is out (a download whose source failed): the
			// connection is cut, not answered twice.
			return null;
		}
		ProblemDetail problem = Problems.of(answer.code(), answer.message());
		problem.setProperty("errorId", answer.errorId());
		HttpHeaders headers = new HttpHeaders();
		answer.addHeaders(headers);
		return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
	}

	/**
	 * A body that cannot be read: naming the field when one is at fault (a NUL character,
	 * a number out of range, a value of the wrong type), and never a Java type.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String field = TextValues.describe(ex);
		// A value of the wrong JSON type is a malformed request, as before; a value of
		// the right type that cannot be held (NUL, out of range) is an invalid argument.
		ErrorCode code = (field != null && field.endsWith(TextValues.WRONG_TYPE)) ? ErrorCode.MALFORMED_REQUEST
				: ErrorCode.INVALID_ARGUMENT;
		ProblemDetail problem = (field != null) ? Problems.of(code, field)
				: Problems.of(ErrorCode.MALFORMED_REQUEST, "The request body is not valid JSON for this operation");
		return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			ErrorCode code = ErrorCode.forHttpStatus(statusCode.value());
			problem.setProperty(Problems.CODE, code.name());
			problem.setTitle(code.title());
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

}
