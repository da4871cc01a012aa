package dev.slipway.tracking;

import java.util.HashMap;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.security.CurrentUser;
import dev.slipway.storage.ArtifactNotFoundException;
import dev.slipway.storage.InvalidArtifactRequestException;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures of the run, artifact and compare pages, answered with the error page: an
 * unknown run is a 404, a refused action a 403, a bad request a 400 saying why.
 */
@ControllerAdvice(
		assignableTypes = { RunPageController.class, ArtifactPreviewController.class, ComparePageController.class })
class RunPageErrorAdvice {

	@ExceptionHandler(SlipwayException.class)
	ModelAndView failed(SlipwayException ex) {
		return page(ex.code(), ex.getMessage());
	}

	@ExceptionHandler(AccessDeniedException.class)
	ModelAndView denied(AccessDeniedException ex) {
		return page(ErrorCode.PERMISSION_DENIED, "You may not do this");
	}

	@ExceptionHandler(ArtifactNotFoundException.class)
	ModelAndView missing(ArtifactNotFoundException ex) {
		return page(ErrorCode.NOT_FOUND, "No such artifact");
	}

	@ExceptionHandler(InvalidArtifactRequestException.class)
	ModelAndView invalid(InvalidArtifactRequestException ex) {
		return page(ErrorCode.INVALID_ARGUMENT, "Not a valid artifact path");
	}

	static ModelAndView page(ErrorCode code, String detail) {
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
