package dev.slipway.error.api;

import java.io.IOException;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Writes the 401 and 403 answers of the security filters, which run before Spring MVC and
 * its advices: MLflow's {@code {"error_code","message"}} on MLflow routes, Problem
 * Details with a stable {@code code} everywhere else.
 */
public final class SecurityErrors {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SecurityErrors() {
	}

	/** The message of a refused action, naming the caller but not the rule. */
	public static String deniedMessage() {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		return (caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken))
				? "Permission denied for user " + caller.getName() : "Permission denied";
	}

	/** Writes an error answer for {@code code} with a caller-facing message. */
	public static void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		Object body;
		int status;
		MediaType type;
		if (MlflowErrors.isMlflowPath(request.getRequestURI())) {
			MlflowErrors.MlflowCode mlflow = MlflowErrors.of(code);
			body = MlflowErrors.body(mlflow.code(), message);
			status = mlflow.httpStatus();
			type = MediaType.APPLICATION_JSON;
		}
		else {
			ProblemDetail problem = Problems.of(code, message);
			problem.setInstance(java.net.URI.create(request.getRequestURI()));
			body = toMap(problem);
			status = code.httpStatus();
			type = MediaType.APPLICATION_PROBLEM_JSON;
		}
		response.setStatus(status);
		response.setContentType(type.toString());
		response.setCharacterEncoding("UTF-8");
		JSON.writeValue(response.getOutputStream(), body);
	}

	private static Map<String, Object> toMap(ProblemDetail problem) {
		Map<String, Object> map = new java.util.LinkedHashMap<>();
		map.put("type", (problem.getType() != null) ? problem.getType().toString() : "about:blank");
		map.put("title", problem.getTitle());
		map.put("status", problem.getStatus());
		map.put("detail", problem.getDetail());
		map.put("instance", String.valueOf(problem.getInstance()));
		if (problem.getProperties() != null) {
			map.putAll(problem.getProperties());
		}
		return map;
	}

}
