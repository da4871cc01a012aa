package dev.slipway.mlflow;

import java.util.Map;

import dev.slipway.error.DependencyOutages;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.TemporarilyUnavailableException;
import dev.slipway.error.api.FailureAnswers;
import dev.slipway.error.api.MlflowErrors;
import dev.slipway.error.api.SecurityErrors;
import dev.slipway.storage.ArtifactNotFoundException;
import dev.slipway.storage.ArtifactStoreException;
import dev.slipway.storage.InvalidArtifactRequestException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
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

	private final FailureAnswers failures;

	MlflowErrorAdvice(ObjectProvider<DependencyOutages> outages) {
		this.failures = new FailureAnswers(outages);
	}

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

	/**
	 * An unreachable or busy dependency (503 with {@code Retry-After}, which MLflow's
	 * client retries), or a bug (500); either way with an error id.
	 */
	@ExceptionHandler({ TemporarilyUnavailableException.class, ArtifactStoreException.class,
			TransientDataAccessException.class })
	ResponseEntity<Map<String, Object>> failure(Exception ex, HttpServletResponse response) {
		if (this.failures.clientGone(ex)) {
			return null;
		}
		FailureAnswers.Answer answer = this.failures.of(ex);
		if (response.isCommitted()) {
			// Part of the answer is out (a download whose source failed): the
			// connection is cut, not answered twice.
			return null;
		}
		HttpHeaders headers = new HttpHeaders();
		answer.addHeaders(headers);
		MlflowErrors.MlflowCode mlflow = MlflowErrors.of(answer.code());
		return ResponseEntity.status(mlflow.httpStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_JSON)
			.body(MlflowErrors.body(mlflow.code(), answer.message()));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Map<String, Object>> unexpected(Exception ex, HttpServletResponse response) {
		if (ex instanceof ErrorResponse framework) {
			// Spring MVC's own failures (missing parameter, unreadable body, wrong
			// method).
			ErrorCode code = ErrorCode.forHttpStatus(framework.getStatusCode().value());
			String detail = framework.getBody().getDetail();
			return answer(code, (detail != null) ? detail : code.title());
		}
		return failure(ex, response);
	}

	static ResponseEntity<Map<String, Object>> answer(ErrorCode code, String message) {
		MlflowErrors.MlflowCode mlflow = MlflowErrors.of(code);
		return ResponseEntity.status(mlflow.httpStatus())
			.contentType(MediaType.APPLICATION_JSON)
			.body(MlflowErrors.body(mlflow.code(), message));
	}

}
