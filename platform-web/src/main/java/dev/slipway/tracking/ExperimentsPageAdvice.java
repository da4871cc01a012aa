package dev.slipway.tracking;

import java.util.HashMap;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.security.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures of the tracking pages that no form can show (an unknown experiment, a refused
 * action), answered with the error page.
 */
@ControllerAdvice(assignableTypes = { ExperimentsPageController.class, RunsTableController.class })
class ExperimentsPageAdvice {

	@ExceptionHandler(SlipwayException.class)
	ModelAndView failed(SlipwayException ex) {
		return page(ex.code(), ex.getMessage());
	}

	@ExceptionHandler(AccessDeniedException.class)
	ModelAndView denied(AccessDeniedException ex) {
		return page(ErrorCode.PERMISSION_DENIED, "You may not do this");
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
