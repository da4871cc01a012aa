package dev.slipway.web;

import java.util.HashMap;
import java.util.Map;

import dev.slipway.error.DependencyOutages;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.FailureAnswers;
import dev.slipway.security.CurrentUser;
import dev.slipway.storage.ArtifactNotFoundException;
import dev.slipway.storage.InvalidArtifactRequestException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures of the server-rendered pages, as the error page with the status and stable
 * code of the catalogue, and the header of a signed-in user. It comes last: the JSON
 * controllers' failures are answered first by the MLflow and Problem Details advices.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageErrorAdvice {

	private final FailureAnswers failures;

	PageErrorAdvice(ObjectProvider<DependencyOutages> outages) {
		this.failures = new FailureAnswers(outages);
	}

	@ExceptionHandler(SlipwayException.class)
	ModelAndView failed(SlipwayException ex) {
		return page(ex.code(), ex.getMessage());
	}

	@ExceptionHandler(AccessDeniedException.class)
	ModelAndView denied(AccessDeniedException ex) {
		return page(ErrorCode.PERMISSION_DENIED, "You may not do this");
	}

	@ExceptionHandler(ArtifactNotFoundException.class)
	ModelAndView missingArtifact(ArtifactNotFoundException ex) {
		return page(ErrorCode.NOT_FOUND, "No such artifact");
	}

	@ExceptionHandler(InvalidArtifactRequestException.class)
	ModelAndView invalidArtifact(InvalidArtifactRequestException ex) {
		return page(ErrorCode.INVALID_ARGUMENT, "Not a valid artifact path");
	}

	/**
	 * An unreachable dependency (503, the page says so and the browser may retry) or a
	 * bug (500 with an error id); Spring MVC's own refusals keep their status.
	 */
	@ExceptionHandler(Exception.class)
	ModelAndView failure(Exception ex, HttpServletResponse response) {
		if (ex instanceof ErrorResponse framework) {
			ErrorCode code = ErrorCode.forHttpStatus(framework.getStatusCode().value());
			return page(code, code.title());
		}
		if (this.failures.clientGone(ex)) {
			return new ModelAndView();
		}
		FailureAnswers.Answer answer = this.failures.of(ex);
		answer.addHeaders(response);
		return page(answer.code(), answer.message());
	}

	private static ModelAndView page(ErrorCode code, String detail) {
		Map<String, Object> model = new HashMap<>();
		model.put("status", code.httpStatus());
		model.put("title", code.title());
		model.put("code", code.name());
		model.put("detail", detail);
		CurrentUser.find().ifPresent((principal) -> model.put("currentUser", principal));
		ModelAndView view = new ModelAndView("error", model);
		view.setStatus(HttpStatus.valueOf(code.httpStatus()));
		return view;
	}

}
