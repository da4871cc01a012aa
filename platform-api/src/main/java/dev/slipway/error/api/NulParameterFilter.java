package dev.slipway.error.api;

import java.io.IOException;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose query or form parameters hold a NUL character, which no
 * PostgreSQL text column can store, or cannot be decoded at all (MALFORMED_REQUEST):
 * every search literal, name and value given as a parameter is checked here once, and the
 * answer (400, INVALID_ARGUMENT, or INVALID_PARAMETER_VALUE on MLflow's routes) names the
 * parameter. JSON bodies are checked as they are read ({@link TextValues}); paths by
 * Tomcat, which refuses an encoded NUL.
 */
public class NulParameterFilter extends OncePerRequestFilter {

	/** Right after {@link FailureBarrierFilter}, before Spring Security. */
	public static final int ORDER = FailureBarrierFilter.ORDER + 10;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Map<String, String[]> parameters;
		try {
			parameters = request.getParameterMap();
		}
		catch (IllegalStateException ex) {
			// Tomcat cannot decode the query or form (an escape that is not UTF-8, say):
			// the caller's mistake, not a failure of the server.
			request.setAttribute(FailureAnswers.ANSWER_ATTRIBUTE, new FailureAnswers.Answer(ErrorCode.MALFORMED_REQUEST,
					"The query string or form could not be read: it is not valid UTF-8 text", null, 0));
			response.sendError(ErrorCode.MALFORMED_REQUEST.httpStatus());
			return;
		}
		String refused = refusedParameter(parameters);
		if (refused != null) {
			request.setAttribute(FailureAnswers.ANSWER_ATTRIBUTE, new FailureAnswers.Answer(ErrorCode.INVALID_ARGUMENT,
					"Invalid value for parameter '" + refused + "': " + TextValues.NUL_MESSAGE, null, 0));
			response.sendError(ErrorCode.INVALID_ARGUMENT.httpStatus());
			return;
		}
		chain.doFilter(request, response);
	}

	private static String refusedParameter(Map<String, String[]> parameters) {
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			if (parameter.getKey().indexOf('\0') >= 0) {
				return parameter.getKey().replace('\0', '?');
			}
			for (String value : parameter.getValue()) {
				if (value != null && value.indexOf('\0') >= 0) {
					return parameter.getKey();
				}
			}
		}
		return null;
	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		FilterRegistrationBean<NulParameterFilter> nulParameterFilter() {
			FilterRegistrationBean<NulParameterFilter> registration = new FilterRegistrationBean<>(
					new NulParameterFilter());
			registration.setOrder(ORDER);
			registration.setName("nulParameterFilter");
			return registration;
		}

	}

}
