package dev.slipway.system.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.Problems;
import dev.slipway.error.api.Refusal;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Declares the error answers of every described operation as RFC 9457 Problem Details
 * with the catalogue's {@code code}. The failures every route shares are added by rule:
 * 401, 403 and 503 everywhere (every route authenticates and reads the database), 400
 * where the caller sends parameters or a body, 404 where the path names a resource. The
 * failures particular to a route are the {@link Refusal}s on its method.
 */
final class ProblemResponses implements OperationCustomizer {

	/** The name of the Problem Details schema under {@code components/schemas}. */
	static final String SCHEMA = "Problem";

	private static final Map<String, String> SHARED = Map.of("400",
			"INVALID_ARGUMENT or MALFORMED_REQUEST: a parameter or the body cannot be accepted; `detail` names it",
			"401", "UNAUTHENTICATED: no valid token, password or session", "403",
			"PERMISSION_DENIED: the caller may not do this", "404",
			"NOT_FOUND: a resource the path names does not exist", "503",
			"SERVICE_UNAVAILABLE: the database is busy or unreachable; retry later");

	@Override
	public Operation customize(Operation operation, HandlerMethod handler) {
		List<Parameter> parameters = (operation.getParameters() != null) ? operation.getParameters() : List.of();
		Map<String, ApiResponse> responses = new TreeMap<>();
		if (operation.getResponses() != null) {
			responses.putAll(operation.getResponses());
		}
		for (Refusal refusal : AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(),
				Refusal.class)) {
			String status = String.valueOf(refusal.code().httpStatus());
			String description = refusal.code().name() + ": " + refusal.when();
			responses.merge(status, new ApiResponse().description(description), (declared, added) -> declared
				.description(declared.getDescription() + "; " + added.getDescription()));
		}
		shared(responses, "401");
		shared(responses, "403");
		shared(responses, "503");
		if (!parameters.isEmpty() || operation.getRequestBody() != null) {
			shared(responses, "400");
		}
		if (parameters.stream().anyMatch((parameter) -> "path".equals(parameter.getIn()))) {
			shared(responses, "404");
		}
		ApiResponses sorted = new ApiResponses();
		responses.forEach((status, response) -> {
			if (status.startsWith("4") || status.startsWith("5")) {
				response.setContent(
						new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
								new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA))));
			}
			sorted.addApiResponse(status, response);
		});
		return operation.responses(sorted);
	}

	private static void shared(Map<String, ApiResponse> responses, String status) {
		responses.putIfAbsent(status, new ApiResponse().description(SHARED.get(status)));
	}

	/** The Problem Details schema every error response refers to. */
	static Schema<?> schema() {
		StringSchema code = new StringSchema();
		code.setEnum(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
		code.description("The stable error code; each keeps its name and status once released");
		return new ObjectSchema().description("RFC 9457 Problem Details, the shape of every native error")
			.addProperty("type", new StringSchema().example("about:blank"))
			.addProperty("title", new StringSchema().description("The code's fixed summary").example("Not found"))
			.addProperty("status", new IntegerSchema().description("The HTTP status").example(404))
			.addProperty("detail",
					new StringSchema().description("What went wrong, for the caller")
						.example("experiment '42' does not exist"))
			.addProperty("instance",
					new StringSchema().description("The request's path").example("/api/v1/experiments/42"))
			.addProperty(Problems.CODE, code)
			.addProperty("errorId",
					new StringSchema()
						.description("On unexpected failures: the id the server log repeats next to the details"))
			.required(List.of("title", "status", Problems.CODE));
	}

}
