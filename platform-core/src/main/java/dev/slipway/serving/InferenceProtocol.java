package dev.slipway.serving;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The Open Inference Protocol's (KServe V2) infer request and response bodies: named
 * tensors with a shape, a datatype and row-major data, flat or nested.
 */
public final class InferenceProtocol {

	/** The datatypes the protocol defines. */
	public static final Set<String> DATATYPES = Set.of("BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16",
			"INT32", "INT64", "FP16", "FP32", "FP64", "BYTES");

	private InferenceProtocol() {
	}

	/**
	 * A decoded infer request.
	 *
	 * @param input the input tensors, with the request's {@code parameters} as params
	 * @param id the request's {@code id}, echoed in the answer, or null
	 * @param outputs the names of the outputs asked for; empty for all
	 */
	public record Request(ModelInput input, String id, List<String> outputs) {

		public Request {
			outputs = List.copyOf(outputs);
		}

	}

	/**
	 * The protocol datatype of a signature field's type, for model metadata: MLflow
	 * column types map to their tensor equivalents ({@code double} → {@code FP64},
	 * {@code long} → {@code INT64}, text and dates → {@code BYTES}); protocol datatypes
	 * stay as they are.
	 */
	public static String datatype(String signatureType) {
		if (DATATYPES.contains(signatureType)) {
			return signatureType;
		}
		return switch (signatureType) {
			case "double" -> "FP64";
			case "float" -> "FP32";
			case "long" -> "INT64";
			case "integer" -> "INT32";
			case "boolean" -> "BOOL";
			default -> "BYTES";
		};
	}

	/**
	 * Decodes an infer request body.
	 * @throws SlipwayException {@code PAYLOAD_TOO_LARGE}, {@code MALFORMED_REQUEST} for a
	 * body that is not JSON, {@code INVALID_ARGUMENT} naming the input whose name, shape,
	 * datatype or data is wrong (a shape whose element count differs from the data's)
	 */
	public static Request decode(InputStream body, long maxBytes) {
		JsonNode root = WireValues.parse(WireValues.readBounded(body, maxBytes));
		if (!root.isObject()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "The infer request must be a JSON object");
		}
		String id = null;
		JsonNode idNode = root.get("id");
		if (idNode != null && !idNode.isNull()) {
			if (!idNode.isString()) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "'id' must be a string");
			}
			id = idNode.stringValue();
		}
		JsonNode inputs = root.get("inputs");
		if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "'inputs' must be a non-empty list of tensors");
		}
		List<Tensor> tensors = new ArrayList<>();
		long total = 0;
		for (JsonNode input : inputs) {
			Tensor tensor = tensor(input, tensors.size());
			total += tensor.data().size();
			if (total > WireValues.MAX_ELEMENTS) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						"The inputs have more than " + WireValues.MAX_ELEMENTS + " elements");
			}
			tensors.add(tensor);
		}
		List<String> requested = new ArrayList<>();
		JsonNode outputs = root.get("outputs");
		if (outputs != null && !outputs.isNull()) {
			if (!outputs.isArray()) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "'outputs' must be a list");
			}
			for (JsonNode output : outputs) {
				JsonNode name = output.path("name");
				if (!name.isString()) {
					throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "Each requested output needs a 'name'");
				}
				requested.add(name.stringValue());
			}
		}
		Map<String, Object> params = Map.of();
		JsonNode parameters = root.get("parameters");
		if (parameters != null && parameters.isObject()) {
			Map<String, Object> map = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> e : parameters.properties()) {
				Object value = WireValues.plain(e.getValue());
				if (value != null) {
					map.put(e.getKey(), value);
				}
			}
			params = map;
		}
		return new Request(new ModelInput(null, tensors, params), id, requested);
	}

	private static Tensor tensor(JsonNode input, int position) {
		if (!input.isObject()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "Input " + position + " must be a JSON object");
		}
		JsonNode nameNode = input.path("name");
		if (!nameNode.isString() || nameNode.stringValue().isEmpty()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "Input " + position + " needs a 'name'");
		}
		String name = nameNode.stringValue();
		String datatype = input.path("datatype").asString("");
		if (!DATATYPES.contains(datatype)) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "Input '" + name + "' has datatype '" + datatype
					+ "'; expected one of BOOL, UINT8-64, INT8-64, FP16, FP32, FP64, BYTES");
		}
		JsonNode shapeNode = input.path("shape");
		if (!shapeNode.isArray()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "Input '" + name + "' needs a 'shape' list");
		}
		List<Long> shape = new ArrayList<>();
		for (JsonNode dim : shapeNode) {
			if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.longValue() < 0) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						"Input '" + name + "' has a shape with a dimension that is not a whole number >= 0");
			}
			shape.add(dim.longValue());
		}
		long expected = WireValues.elements(shape);
		if (expected < 0 || expected > WireValues.MAX_ELEMENTS) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					"Input '" + name + "' has more than " + WireValues.MAX_ELEMENTS + " elements");
		}
		JsonNode data = input.get("data");
		if (data == null || data.isNull()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "Input '" + name + "' has no 'data'");
		}
		List<Object> values = new ArrayList<>();
		flatten(data, name, datatype, values, expected);
		if (values.size() != expected) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "Input '" + name + "' has shape " + shape + " ("
					+ expected + " elements) but " + values.size() + " data values");
		}
		return new Tensor(name, datatype, shape, values);
	}

	/** Data, flat or nested, checked against the datatype element by element. */
	private static void flatten(JsonNode node, String name, String datatype, List<Object> into, long expected) {
		if (node.isArray()) {
			for (JsonNode item : node) {
				flatten(item, name, datatype, into, expected);
			}
			return;
		}
		if (into.size() >= expected) {
			// One value too many is already a mismatch; stop reading the rest.
			into.add(null);
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					"Input '" + name + "' has more data values than its shape holds (" + expected + ")");
		}
		into.add(element(node, name, datatype));
	}

	private static Object element(JsonNode node, String name, String datatype) {
		switch (datatype) {
			case "BOOL" -> {
				if (node.isBoolean()) {
					return node.booleanValue();
				}
			}
			case "BYTES" -> {
				if (node.isString()) {
					return node.stringValue();
				}
			}
			case "FP16", "FP32", "FP64" -> {
				if (node.isNumber()) {
					return node.doubleValue();
				}
			}
			default -> {
				if (node.isIntegralNumber() && node.canConvertToLong()) {
					long value = node.longValue();
					if (!datatype.startsWith("U") || value >= 0) {
						return value;
					}
				}
			}
		}
		throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
				"Input '" + name + "' is " + datatype + " but holds " + describe(node));
	}

	private static String describe(JsonNode node) {
		String text = node.toString();
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

	/**
	 * The infer response: {@code model_name}, {@code model_version}, {@code id} when the
	 * request had one, and the outputs asked for (all when none were) with flat data.
	 * Predictions a model server gave as JSON become tensors: a list is one output
	 * {@code predictions}, a dictionary one output per key.
	 * @throws SlipwayException {@code INVALID_ARGUMENT} naming an output asked for that
	 * the model does not have
	 */
	public static String encode(String modelName, String modelVersion, String id, Predictions predictions,
			List<String> requestedOutputs) {
		List<Tensor> outputs = (predictions.outputs() != null) ? predictions.outputs() : fromJson(predictions.json());
		List<Tensor> selected = outputs;
		if (requestedOutputs != null && !requestedOutputs.isEmpty()) {
			selected = new ArrayList<>();
			for (String name : requestedOutputs) {
				Tensor found = outputs.stream().filter((t) -> name.equals(t.name())).findFirst().orElse(null);
				if (found == null) {
					throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
							"Output '" + name + "' is not an output of model '" + modelName + "'");
				}
				selected.add(found);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = ServingJson.JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeStringProperty("model_name", modelName);
			if (modelVersion != null) {
				json.writeStringProperty("model_version", modelVersion);
			}
			if (id != null) {
				json.writeStringProperty("id", id);
			}
			json.writeArrayPropertyStart("outputs");
			int position = 0;
			for (Tensor output : selected) {
				json.writeStartObject();
				json.writeStringProperty("name", (output.name() != null) ? output.name() : "output_" + position);
				json.writeArrayPropertyStart("shape");
				for (long dim : output.shape()) {
					json.writeNumber(dim);
				}
				json.writeEndArray();
				json.writeStringProperty("datatype", output.datatype());
				json.writeArrayPropertyStart("data");
				for (Object value : output.data()) {
					WireValues.writeScalar(json, value);
				}
				json.writeEndArray();
				json.writeEndObject();
				position++;
			}
			json.writeEndArray();
			json.writeEndObject();
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static List<Tensor> fromJson(String json) {
		JsonNode root;
		try {
			root = ServingJson.JSON.readTree(json);
		}
		catch (JacksonException ex) {
			throw new SlipwayException(ErrorCode.PREDICTION_FAILED, "The model answered predictions that are not JSON");
		}
		try {
			if (root.isObject()) {
				List<Tensor> tensors = new ArrayList<>();
				for (Map.Entry<String, JsonNode> e : root.properties()) {
					tensors.add(WireValues.inferTensor(e.getKey(), e.getValue()));
				}
				return tensors;
			}
			return List.of(WireValues.inferTensor("predictions", root));
		}
		catch (SlipwayException ex) {
			// The model's answer, not the request, is what does not fit a tensor.
			throw new SlipwayException(ErrorCode.PREDICTION_FAILED,
					"The model's predictions cannot be answered as tensors: " + ex.getMessage());
		}
	}

}
