package dev.slipway.error.api;

import java.util.UUID;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.storage.ArtifactNotFoundException;
import dev.slipway.storage.ArtifactStoreException;
import dev.slipway.storage.InvalidArtifactRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
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

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

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

	@ExceptionHandler(ArtifactStoreException.class)
	ResponseEntity<ProblemDetail> artifactStore(ArtifactStoreException ex) {
		String errorId = UUID.randomUUID().toString();
		log.warn("Artifact store failure [error id {}]", errorId, ex);
		ProblemDetail problem = Problems.of(ErrorCode.SERVICE_UNAVAILABLE,
				"The artifact store is unavailable; try again later (error id " + errorId + ")");
		problem.setProperty("errorId", errorId);
		return answer(problem);
	}

	/** Lock timeouts and the like: the request may succeed if sent again. */
	@ExceptionHandler(TransientDataAccessException.class)
	ResponseEntity<ProblemDetail> transientFailure(TransientDataAccessException ex) {
		log.warn("Transient database failure: {}", ex.getMostSpecificCause().getMessage());
		return answer(Problems.of(ErrorCode.SERVICE_UNAVAILABLE, "The database is busy; try again"));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		String errorId = UUID.randomUUID().toString();
		log.error("Unexpected failure [error id {}]", errorId, ex);
		ProblemDetail problem = Problems.of(ErrorCode.INTERNAL_ERROR,
				"Slipway failed unexpectedly; the server log has the details under error id " + errorId);
		problem.setProperty("errorId", errorId);
		return answer(problem);
	}

	/** Framework failures keep Spring's status and detail and gain a catalogue code. */
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
