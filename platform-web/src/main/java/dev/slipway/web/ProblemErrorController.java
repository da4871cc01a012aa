package dev.slipway.web;

import java.util.HashMap;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.FailureAnswers;
import dev.slipway.error.api.FailureBarrierFilter;
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
		FailureAnswers.Answer answer = answer(request);
		ErrorCode code = (answer != null) ? answer.code() : ErrorCode.forHttpStatus(status(request));
		Map<String, Object> model = new HashMap<>(
				Map.of("status", code.httpStatus(), "title", code.title(), "code", code.name()));
		if (answer != null) {
			model.put("detail", answer.message());
		}
		ModelAndView view = new ModelAndView("error", model);
		view.setStatus(org.springframework.http.HttpStatus.valueOf(code.httpStatus()));
		return view;
	}

	@RequestMapping
	ResponseEntity<?> problem(HttpServletRequest request) {
		FailureAnswers.Answer failure = answer(request);
		ErrorCode code = (failure != null) ? failure.code() : ErrorCode.forHttpStatus(status(request));
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri != null && MlflowErrors.isMlflowPath(uri.toString())) {
			return mlflow(code, uri.toString(), answer(request));
		}
		FailureAnswers.Answer answer = answer(request);
		ProblemDetail problem = Problems.of(code, (answer != null) ? answer.message() : detail(code));
		if (answer != null && answer.errorId() != null) {
			problem.setProperty("errorId", answer.errorId());
		}
		if (uri != null) {
			problem.setInstance(java.net.URI.create(uri.toString()));
		}
		return ResponseEntity.status(code.httpStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * MLflow clients read {@code error_code}; ENDPOINT_NOT_FOUND drives their fallbacks.
	 */
	private static ResponseEntity<Map<String, Object>> mlflow(ErrorCode code, String uri,
			FailureAnswers.Answer answer) {
		if (code == ErrorCode.NOT_FOUND || code == ErrorCode.METHOD_NOT_ALLOWED) {
			return ResponseEntity.status(404)
				.contentType(MediaType.APPLICATION_JSON)
				.body(MlflowErrors.body("ENDPOINT_NOT_FOUND", "No API endpoint " + uri));
		}
		MlflowErrors.MlflowCode mlflow = MlflowErrors.of(code);
		return ResponseEntity.status(mlflow.httpStatus())
			.contentType(MediaType.APPLICATION_JSON)
			.body(MlflowErrors.body(mlflow.code(), (answer != null) ? answer.message() : detail(code)));
	}

	/**
	 * The status of the failure being answered; a request for the error path itself,
	 * which carries none, is for a resource that does not exist.
	 */
	private static int status(HttpServletRequest request) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		return (status instanceof Integer value) ? value : 404;
	}

	/** The answer a filter's failure was given ({@link FailureBarrierFilter}), if any. */
	private static FailureAnswers.Answer answer(HttpServletRequest request) {
		return (request.getAttribute(FailureAnswers.ANSWER_ATTRIBUTE) instanceof FailureAnswers.Answer answer) ? answer
				: null;
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
