package dev.slipway.serving.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.serving.DeploymentStatus;
import dev.slipway.serving.ModelSignature;
import dev.slipway.serving.ServingService;
import dev.slipway.serving.ServingSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Predictions: MLflow's scoring protocol under {@code /serve/{deployment}} (so an MLflow
 * client pointed at that base URL works unchanged) and the Open Inference Protocol under
 * {@code /v2}. Every answer names the model version that gave it in
 * {@code X-Model-Version}. A deployment answers only once its model is loaded and warmed
 * up; until then 503. Errors keep each protocol's shape: MLflow's {@code {"error_code",
 * "message"}}, the inference protocol's {@code {"error"}}.
 */
@Tag(name = "Serving", description = "Predictions: MLflow /invocations and the Open Inference Protocol v2")
@RestController
class ServingController {

	/** The header naming the model version that answered. */
	static final String VERSION_HEADER = "X-Model-Version";

	/** The header carrying the prediction's id, for labels sent later. */
	static final String PREDICTION_ID_HEADER = "X-Prediction-Id";

	private final ServingService serving;

	private final PredictionCalls calls;

	private final String serverVersion;

	ServingController(ServingService serving, ServingSettings settings, ObjectProvider<BuildProperties> build) {
		this.serving = serving;
		this.calls = new PredictionCalls(serving, settings);
		BuildProperties properties = build.getIfAvailable();
		this.serverVersion = (properties != null) ? properties.getVersion() : "dev";
	}

	// MLflow scoring protocol

	@Operation(
			summary = "Predict (MLflow scoring protocol: dataframe_split, dataframe_records, instances, inputs, CSV)")
	@PostMapping(path = "/serve/{name}/invocations", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> invocations(@PathVariable String name, HttpServletRequest request) throws IOException {
		return answer(this.calls.invocations(name, request));
	}

	@Operation(summary = "200 once the deployment's model is loaded (MLflow's /ping)")
	@GetMapping({ "/serve/{name}/ping", "/serve/{name}/health" })
	ResponseEntity<String> ping(@PathVariable String name) {
		DeploymentStatus status = this.serving.status(name);
		if (!status.ready()) {
			throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE,
					"Deployment '" + name + "' is not ready: " + status.problem());
		}
		return ResponseEntity.ok().header(VERSION_HEADER, Integer.toString(status.stableVersion())).body("\n");
	}

	@Operation(summary = "The server's version (MLflow's /version)")
	@GetMapping("/serve/{name}/version")
	String version(@PathVariable String name) {
		this.serving.status(name);
		return this.serverVersion;
	}

	// Open Inference Protocol

	@Operation(summary = "Server metadata (Open Inference Protocol)")
	@GetMapping("/v2")
	Map<String, Object> server() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "slipway");
		body.put("version", this.serverVersion);
		body.put("extensions", List.of());
		return body;
	}

	@Operation(summary = "Server liveness (Open Inference Protocol)")
	@GetMapping("/v2/health/live")
	Map<String, Object> live() {
		return Map.of("live", true);
	}

	@Operation(summary = "Server readiness: every deployment's model loaded (Open Inference Protocol)")
	@GetMapping("/v2/health/ready")
	ResponseEntity<Map<String, Object>> ready() {
		boolean ready = this.serving.allReady();
		return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("ready", ready));
	}

	@Operation(summary = "Model readiness (Open Inference Protocol)")
	@GetMapping({ "/v2/models/{name}/ready", "/v2/models/{name}/versions/{version}/ready" })
	ResponseEntity<Map<String, Object>> modelReady(@PathVariable String name) {
		DeploymentStatus status = this.serving.status(name);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("ready", status.ready());
		return ResponseEntity.status(status.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.header(VERSION_HEADER, Integer.toString(status.stableVersion()))
			.body(body);
	}

	@Operation(summary = "Model metadata: inputs and outputs (Open Inference Protocol)")
	@GetMapping({ "/v2/models/{name}", "/v2/models/{name}/versions/{version}" })
	Map<String, Object> metadata(@PathVariable String name) {
		DeploymentStatus status = this.serving.status(name);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		List<String> versions = (status.candidateVersion() != null)
				? List.of(Integer.toString(status.stableVersion()), Integer.toString(status.candidateVersion()))
				: List.of(Integer.toString(status.stableVersion()));
		body.put("versions", versions);
		body.put("platform", "slipway");
		body.put("inputs", fields(status.signature().inputs(), status.signature().tensorBased()));
		body.put("outputs", fields(status.signature().outputs(), true));
		return body;
	}

	@Operation(summary = "Predict (Open Inference Protocol)")
	@PostMapping(path = { "/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> infer(@PathVariable String name, HttpServletRequest request) throws IOException {
		return answer(this.calls.infer(name, request));
	}

	/** Each protocol's error shape, with the catalogue's status. */
	@ExceptionHandler(SlipwayException.class)
	ResponseEntity<Map<String, Object>> refused(SlipwayException ex, HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.valueOf(ex.code().httpStatus()))
			.contentType(MediaType.APPLICATION_JSON)
			.body(PredictionCalls.refusal(ex, request.getRequestURI().substring(request.getContextPath().length())));
	}

	private static ResponseEntity<String> answer(PredictionCalls.Answer answer) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(VERSION_HEADER, Integer.toString(answer.served().version()))
			.header(PREDICTION_ID_HEADER, answer.served().predictionId())
			.body(answer.body());
	}

	private static List<Map<String, Object>> fields(List<ModelSignature.Field> fields, boolean tensors) {
		return fields.stream().map((field) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", (field.name() != null) ? field.name() : "input");
			entry.put("datatype", tensors ? field.type() : datatype(field.type()));
			entry.put("shape", field.shape().isEmpty() ? List.of(-1) : field.shape());
			return entry;
		}).toList();
	}

	/** MLflow column types as the inference protocol's datatypes. */
	private static String datatype(String type) {
		return switch ((type != null) ? type.toLowerCase(Locale.ROOT) : "") {
			case "double" -> "FP64";
			case "float" -> "FP32";
			case "long" -> "INT64";
			case "integer" -> "INT32";
			case "boolean" -> "BOOL";
			default -> "BYTES";
		};
	}

}
