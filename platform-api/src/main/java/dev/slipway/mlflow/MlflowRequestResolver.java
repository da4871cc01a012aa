package dev.slipway.mlflow;

import java.io.IOException;
import java.io.InputStream;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves an {@link MlflowMessage} argument from the servlet request: a bounded JSON
 * body (1 MB, as MLflow; 20 MB for {@code runs/log-inputs}, whose dataset profiles may
 * reach 16 MB) plus the query parameters, bound by {@link MlflowBinder}.
 */
class MlflowRequestResolver implements HandlerMethodArgumentResolver {

	/** MLflow's request body limit. */
	static final int MAX_BODY = 1024 * 1024;

	/** The limit for requests carrying dataset schemas and profiles. */
	static final int MAX_INPUTS_BODY = 20 * 1024 * 1024;

	// Python's json module writes NaN and Infinity as bare tokens.
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
		.build();

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType().isAnnotationPresent(MlflowMessage.class);
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) throws IOException {
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		int limit = request.getRequestURI().endsWith("/runs/log-inputs") ? MAX_INPUTS_BODY : MAX_BODY;
		if (request.getContentLengthLong() > limit) {
			throw tooLarge(limit);
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes(limit + 1);
		}
		if (body.length > limit) {
			throw tooLarge(limit);
		}
		JsonNode json = null;
		if (!isBlank(body)) {
			try {
				json = JSON.readTree(body);
			}
			catch (JacksonException ex) {
				throw new SlipwayException(ErrorCode.MALFORMED_REQUEST,
						"request body is not valid JSON: " + ex.getOriginalMessage());
			}
			// Older clients post their JSON encoded a second time, as a string; MLflow
			// decodes it again.
			if (json.isString()) {
				try {
					json = JSON.readTree(json.asString());
				}
				catch (JacksonException ex) {
					throw new SlipwayException(ErrorCode.MALFORMED_REQUEST,
							"request body is not valid JSON: " + ex.getOriginalMessage());
				}
			}
			if (!json.isObject()) {
				throw new SlipwayException(ErrorCode.MALFORMED_REQUEST, "request body must be a JSON object");
			}
		}
		return MlflowBinder.bind(parameter.getParameterType(), json, request.getParameterMap());
	}

	private static boolean isBlank(byte[] body) {
		for (byte b : body) {
			if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
				return false;
			}
		}
		return true;
	}

	private static SlipwayException tooLarge(int limit) {
		return new SlipwayException(ErrorCode.PAYLOAD_TOO_LARGE,
				"request body exceeds the limit of " + (limit / (1024 * 1024)) + " MB");
	}

}
