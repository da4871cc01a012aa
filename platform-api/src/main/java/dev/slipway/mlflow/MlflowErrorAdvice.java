package dev.slipway.mlflow;

import java.util.Map;
import java.util.UUID;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.MlflowErrors;
import dev.slipway.error.SecurityErrors;
import dev.slipway.error.SlipwayException;
import dev.slipway.storage.ArtifactNotFoundException;
import dev.slipway.storage.ArtifactStoreException;
import dev.slipway.storage.InvalidArtifactRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the MLflow API in MLflow's shape, {@code {"error_code", "message"}}, with
 * MLflow's statuses. Runs before the Problem Details advice, which serves the native
 * routes.
 */
@RestControllerAdvice(annotations = MlflowApi.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class MlflowErrorAdvice {

	private static final Logger log = LoggerFactory.getLogger(MlflowErrorAdvice.class);

	@ExceptionHandler(SlipwayException.class)
	ResponseEntity<Map<String, Object>> slipway(SlipwayException ex) {
		return answer(ex.code(), ex.getMessage());
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Map<String, Object>> denied(AccessDeniedException ex) {
		return answer(ErrorCode.PERMISSION_DENIED, SecurityErrors.deniedMessage());
	}

	@ExceptionHandler(InvalidArtifactRequestException.class)
	ResponseEntity<Map<String, Object>> invalidArtifact(InvalidArtifactRequestException ex) {
		return answer(ErrorCode.INVALID_ARGUMENT, ex.getMessage());
	}

	@ExceptionHandler(ArtifactNotFoundException.class)
	ResponseEntity<Map<String, Object>> artifactNotFound(ArtifactNotFoundException ex) {
		return answer(ErrorCode.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(ArtifactStoreException.class)
	ResponseEntity<Map<String, Object>> artifactStore(ArtifactStoreException ex) {
		String errorId = UUID.randomUUID().toString();
		log.warn("Artifact store failure [error id {}]", errorId, ex);
		return answer(ErrorCode.SERVICE_UNAVAILABLE,
				"The artifact store is unavailable; try again later (error id " + errorId + ")");
	}

	/**
	 * Lock timeouts and the like: the request may succeed if sent again, which clients do
	 * on 503.
	 */
	@ExceptionHandler(TransientDataAccessException.class)
	ResponseEntity<Map<String, Object>> transientFailure(TransientDataAccessException ex) {
		log.warn("Transient database failure: {}", ex.getMostSpecificCause().getMessage());
		return answer(ErrorCode.SERVICE_UNAVAILABLE, "The database is busy; try again");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Map<String, Object>> unexpected(Exception ex) {
		if (ex instanceof ErrorResponse framework) {
			// Spring MVC's own failures (missing parameter, unreadable body, wrong
			// method).
			ErrorCode code = ErrorCode.forHttpStatus(framework.getStatusCode().value());
			String detail = framework.getBody().getDetail();
			return answer(code, (detail != null) ? detail : code.title());
		}
		String errorId = UUID.randomUUID().toString();
		log.error("Unexpected failure [error id {}]", errorId, ex);
		return answer(ErrorCode.INTERNAL_ERROR,
				"Slipway failed unexpectedly; the server log has the details under error id " + errorId);
	}

	static ResponseEntity<Map<String, Object>> answer(ErrorCode code, String message) {
		MlflowErrors.MlflowCode mlflow = MlflowErrors.of(code);
		return ResponseEntity.status(mlflow.httpStatus())
			.contentType(MediaType.APPLICATION_JSON)
			.body(MlflowErrors.body(mlflow.code(), message));
	}

}
