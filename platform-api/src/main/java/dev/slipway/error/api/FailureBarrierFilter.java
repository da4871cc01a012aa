package dev.slipway.error.api;

import java.io.IOException;

import dev.slipway.error.DependencyOutages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Catches what the filters in front of the controllers throw (the authentication filter
 * looking up a token while the database is down, say) before the servlet container does:
 * the container would log a stack trace per request and answer a bare 500. Here the
 * failure gets the same answer as in a controller ({@link FailureAnswers}: 503 with
 * {@code Retry-After} for an outage, an error id always), rendered by the error
 * controller in the caller's format.
 */
public class FailureBarrierFilter extends OncePerRequestFilter {

	/** Before Spring Security's filters (-100), after character encoding. */
	public static final int ORDER = -200;

	private final FailureAnswers failures;

	public FailureBarrierFilter(FailureAnswers failures) {
		this.failures = failures;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | IOException | RuntimeException ex) {
			answer(this.failures, ex, request, response);
		}
	}

	/**
	 * Answers {@code ex} as this filter does, for a filter that runs before it: the
	 * status answered, or 0 when the client had gone.
	 */
	public static int answer(FailureAnswers failures, Exception ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Throwable failure = (ex instanceof ServletException servlet && servlet.getRootCause() != null)
				? servlet.getRootCause() : ex;
		if (failures.clientGone(failure)) {
			return 0;
		}
		FailureAnswers.Answer answer = failures.of(failure);
		if (response.isCommitted()) {
			return response.getStatus();
		}
		request.setAttribute(FailureAnswers.ANSWER_ATTRIBUTE, answer);
		answer.addHeaders(response);
		response.sendError(answer.code().httpStatus());
		return answer.code().httpStatus();
	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		FilterRegistrationBean<FailureBarrierFilter> failureBarrierFilter(ObjectProvider<DependencyOutages> outages) {
			FilterRegistrationBean<FailureBarrierFilter> registration = new FilterRegistrationBean<>(
					new FailureBarrierFilter(new FailureAnswers(outages)));
			registration.setOrder(ORDER);
			registration.setName("failureBarrierFilter");
			return registration;
		}

	}

}
