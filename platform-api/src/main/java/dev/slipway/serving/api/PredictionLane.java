package dev.slipway.serving.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.slipway.error.DependencyOutages;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.FailureAnswers;
import dev.slipway.error.api.FailureBarrierFilter;
import dev.slipway.security.Authenticator;
import dev.slipway.security.SlipwayAuthentication;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.serving.ServingService;
import dev.slipway.serving.ServingSettings;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * The fast lane of the two prediction calls, {@code POST /serve/{name}/invocations} and
 * {@code POST /v2/models/{name}[/versions/{v}]/infer}: a servlet filter that answers them
 * itself, ahead of Spring Security's filter chain and Spring MVC's dispatcher, which took
 * about two thirds of a small model's prediction (measured in {@code docs/benchmarks.md},
 * "Serving").
 * <p>
 * It takes only a call it can answer exactly as the regular route would: a well-formed
 * path naming a deployment, an {@code Accept} that allows JSON, and a {@code Bearer}
 * token that {@link Authenticator#validToken} finds valid for an account that need not
 * change its password. The call then runs as that token's principal through
 * {@link PredictionCalls}, the code {@link ServingController} runs too, and the answer
 * gets the headers Spring Security's default header writers give every API answer.
 * Anything else (no or another credential, a refused token, an odd path or
 * {@code Accept}) goes on down the chain unchanged, to be authenticated, refused, logged
 * and answered by the regular route. A refusal of the call itself is written in its
 * protocol's shape, as the controller's handler writes it; any other failure is answered
 * by {@link FailureBarrierFilter#answer}, as it answers every failure before a
 * controller.
 * <p>
 * The lane runs before every other filter, so the calls it answers skip the observation
 * that times requests too (about a tenth of a prediction's cost): it times them itself,
 * into the same {@code http.server.requests} timer with the same tags
 * ({@link RequestTimers}). Serving counts them per deployment and version as before.
 */
final class PredictionLane implements Filter {

	/**
	 * First of all filters, even before the one that times requests
	 * ({@code ServerHttpObservationFilter}), which the lane stands in for on the calls it
	 * answers.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	static final String INVOCATIONS_ROUTE = "/serve/{name}/invocations";

	static final String INFER_ROUTE = "/v2/models/{name}/infer";

	static final String INFER_VERSION_ROUTE = "/v2/models/{name}/versions/{version}/infer";

	/**
	 * What Spring Security's default header writers add to every answer of the API chain
	 * (HSTS only over HTTPS).
	 */
	static final List<Map.Entry<String, String>> SECURITY_HEADERS = List.of(
			Map.entry("X-Content-Type-Options", "nosniff"), Map.entry("X-XSS-Protection", "0"),
			Map.entry(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate"),
			Map.entry(HttpHeaders.PRAGMA, "no-cache"), Map.entry(HttpHeaders.EXPIRES, "0"),
			Map.entry("X-Frame-Options", "DENY"));

	static final String HSTS_HEADER = "Strict-Transport-Security";

	static final String HSTS = "max-age=31536000 ; includeSubDomains";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String BEARER = "Bearer ";

	private final Authenticator authenticator;

	private final PredictionCalls calls;

	private final FailureAnswers failures;

	private final RequestTimers timers;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	PredictionLane(Authenticator authenticator, PredictionCalls calls, FailureAnswers failures, MeterRegistry meters) {
		this.authenticator = authenticator;
		this.calls = calls;
		this.failures = failures;
		this.timers = new RequestTimers(meters);
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		Call call = "POST".equals(request.getMethod()) ? Call.of(path(request)) : null;
		if (call == null || !acceptsJson(request)) {
			chain.doFilter(request, response);
			return;
		}
		long started = System.nanoTime();
		SlipwayPrincipal principal;
		try {
			principal = principal(request);
		}
		catch (RuntimeException ex) {
			// The token could not be checked (the database is down, say): answered as the
			// failure barrier answers the same failure on the regular route, a 503 for an
			// outage, without trying the database a second time there.
			int status = FailureBarrierFilter.answer(this.failures, ex, request, response);
			if (status != 0) {
				this.timers.record(call.route(), status, System.nanoTime() - started);
			}
			return;
		}
		if (principal == null) {
			chain.doFilter(request, response);
			return;
		}
		int status = 0;
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(new SlipwayAuthentication(principal));
		this.contexts.setContext(context);
		try {
			status = answer(call, request, response);
		}
		catch (IOException | RuntimeException ex) {
			status = FailureBarrierFilter.answer(this.failures, ex, request, response);
		}
		finally {
			this.contexts.clearContext();
			if (status != 0) {
				this.timers.record(call.route(), status, System.nanoTime() - started);
			}
		}
	}

	/** Makes the call and writes its answer or refusal: the status written. */
	private int answer(Call call, HttpServletRequest request, HttpServletResponse response) throws IOException {
		PredictionCalls.Answer answer;
		try {
			answer = call.inference() ? this.calls.infer(call.name(), request)
					: this.calls.invocations(call.name(), request);
		}
		catch (SlipwayException ex) {
			int status = ex.code().httpStatus();
			write(request, response, status,
					JSON.writeValueAsString(PredictionCalls.refusal(ex, call.inference() ? "/v2" : "/serve")), null);
			return status;
		}
		write(request, response, 200, answer.body(), answer);
		return 200;
	}

	/** The principal of a valid Bearer token, or null to leave the call to the chain. */
	private SlipwayPrincipal principal(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.length() <= BEARER.length()
				|| !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		Optional<SlipwayPrincipal> principal = this.authenticator.validToken(header.substring(BEARER.length()).trim());
		return principal.filter((valid) -> !valid.mustChangePassword()).orElse(null);
	}

	private static void write(HttpServletRequest request, HttpServletResponse response, int status, String body,
			PredictionCalls.Answer answer) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		if (answer != null) {
			response.setHeader(ServingController.VERSION_HEADER, Integer.toString(answer.served().version()));
			response.setHeader(ServingController.PREDICTION_ID_HEADER, answer.served().predictionId());
		}
		for (Map.Entry<String, String> header : SECURITY_HEADERS) {
			response.setHeader(header.getKey(), header.getValue());
		}
		if (request.isSecure()) {
			response.setHeader(HSTS_HEADER, HSTS);
		}
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

	/** Whether the caller takes JSON, the only thing a prediction answers. */
	static boolean acceptsJson(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept == null || accept.isEmpty() || accept.equals("*/*")
				|| accept.equals(MediaType.APPLICATION_JSON_VALUE)) {
			return true;
		}
		try {
			for (MediaType type : MediaType.parseMediaTypes(accept)) {
				if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && type.getQualityValue() > 0) {
					return true;
				}
			}
		}
		catch (InvalidMediaTypeException ex) {
			// The regular route says what is wrong with it.
		}
		return false;
	}

	private static String path(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String context = request.getContextPath();
		return (context.isEmpty()) ? uri : uri.substring(context.length());
	}

	/**
	 * A prediction call the lane takes: its route, its deployment and its protocol.
	 */
	record Call(String route, String name, boolean inference) {

		private static final String SERVE = "/serve/";

		private static final String INVOCATIONS = "/invocations";

		private static final String MODELS = "/v2/models/";

		private static final String INFER = "/infer";

		private static final String VERSIONS = "/versions/";

		/**
		 * The call of a raw request path, or null for any path but the two routes with a
		 * deployment name as deployments are named (1 to 63 lower-case letters, digits
		 * and dashes) and, for the inference protocol, a version of digits: whatever else
		 * is in a path (escapes, dots, doubled or trailing slashes, parameters) is left
		 * to the regular route and its firewall.
		 */
		static Call of(String path) {
			if (path.startsWith(SERVE) && path.endsWith(INVOCATIONS)) {
				String name = path.substring(SERVE.length(), path.length() - INVOCATIONS.length());
				return isName(name) ? new Call(INVOCATIONS_ROUTE, name, false) : null;
			}
			if (path.startsWith(MODELS) && path.endsWith(INFER)) {
				String rest = path.substring(MODELS.length(), path.length() - INFER.length());
				int versions = rest.indexOf(VERSIONS);
				if (versions < 0) {
					return isName(rest) ? new Call(INFER_ROUTE, rest, true) : null;
				}
				String name = rest.substring(0, versions);
				String version = rest.substring(versions + VERSIONS.length());
				return (isName(name) && isVersion(version)) ? new Call(INFER_VERSION_ROUTE, name, true) : null;
			}
			return null;
		}

		private static boolean isName(String name) {
			if (name.isEmpty() || name.length() > 63) {
				return false;
			}
			for (int i = 0; i < name.length(); i++) {
				char c = name.charAt(i);
				if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
					return false;
				}
			}
			return true;
		}

		private static boolean isVersion(String version) {
			if (version.isEmpty() || version.length() > 9) {
				return false;
			}
			for (int i = 0; i < version.length(); i++) {
				char c = version.charAt(i);
				if (c < '0' || c > '9') {
					return false;
				}
			}
			return true;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		FilterRegistrationBean<PredictionLane> predictionLane(Authenticator authenticator, ServingService serving,
				ServingSettings settings, ObjectProvider<DependencyOutages> outages, MeterRegistry meters) {
			FilterRegistrationBean<PredictionLane> registration = new FilterRegistrationBean<>(new PredictionLane(
					authenticator, new PredictionCalls(serving, settings), new FailureAnswers(outages), meters));
			registration.setOrder(ORDER);
			registration.setName("predictionLane");
			registration.addUrlPatterns("/serve/*", "/v2/*");
			return registration;
		}

	}

}
