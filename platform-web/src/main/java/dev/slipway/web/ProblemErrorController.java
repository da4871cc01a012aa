package dev.slipway.web;

import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.MlflowErrors;
import dev.slipway.error.api.Problems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers failures that never reached a controller (rejected by the servlet container or
 * a filter): Problem Details for API clients, an error page for browsers. Replaces Spring
 * Boot's default error controller, which would answer a different JSON shape.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ProblemErrorController implements ErrorController {

	@RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
	ModelAndView page(HttpServletRequest request) {
		ErrorCode code = ErrorCode.forHttpStatus(status(request));
		ModelAndView view = new ModelAndView("error",
				Map.of("status", code.httpStatus(), "title", code.title(), "code", code.name()));
		view.setStatus(org.springframework.http.HttpStatus.valueOf(code.httpStatus()));
		return view;
	}

	@RequestMapping
	ResponseEntity<?> problem(HttpServletRequest request) {
		int status = status(request);
		ErrorCode code = ErrorCode.forHttpStatus(status);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri != null && MlflowErrors.isMlflowPath(uri.toString())) {
			return mlflow(code, uri.toString());
		}
		ProblemDetail problem = Problems.of(code, detail(code));
		if (uri != null) {
			problem.setInstance(java.net.URI.create(uri.toString()));
		}
		return ResponseEntity.status(code.httpStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * MLflow clients read {@code error_code}; ENDPOINT_NOT_FOUND drives their fallbacks.
	 */
	private static ResponseEntity<Map<String, Object>> mlflow(ErrorCode code, String uri) {
		if (code == ErrorCode.NOT_FOUND || code == ErrorCode.METHOD_NOT_ALLOWED) {
			return ResponseEntity.status(404)
				.contentType(MediaType.APPLICATION_JSON)
				.body(MlflowErrors.body("ENDPOINT_NOT_FOUND", "No API endpoint " + uri));
		}
		MlflowErrors.MlflowCode mlflow = MlflowErrors.of(code);
		return ResponseEntity.status(mlflow.httpStatus())
			.contentType(MediaType.APPLICATION_JSON)
			.body(MlflowErrors.body(mlflow.code(), detail(code)));
	}

	private static int status(HttpServletRequest request) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		return (status instanceof Integer value) ? value : 500;
	}

	private static String detail(ErrorCode code) {
		return switch (code) {
			case PAYLOAD_TOO_LARGE -> "The request body is larger than this server accepts";
			case NOT_FOUND -> "No such resource";
			case INTERNAL_ERROR -> "Slipway failed unexpectedly; see the server log";
			default -> code.title();
		};
	}

}
