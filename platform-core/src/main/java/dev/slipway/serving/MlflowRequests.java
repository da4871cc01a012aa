package dev.slipway.serving;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client side of MLflow's scoring protocol: a {@link ModelInput} as the body of
 * {@code POST /invocations}, and a scoring server's {@code {"predictions": ...}} answer
 * as {@link Predictions}.
 */
final class MlflowRequests {

	/**
	 * The largest answer read from a model server; a larger one is a failed prediction.
	 */
	static final long MAX_ANSWER_BYTES = 64L * 1024 * 1024;

	/**
	 * Non-finite numbers travel as Python's {@code json} module writes and reads them
	 * ({@code NaN}, {@code Infinity}): a pandas frame with a missing double answers them.
	 */
	static final JsonMapper JSON = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
		.build();

	private MlflowRequests() {
	}

	/**
	 * The JSON body for {@code /invocations}: {@code dataframe_split} for a frame,
	 * {@code inputs} for tensors (one unnamed tensor as a nested list, named tensors as
	 * an object of nested lists), and {@code params} when there are any.
	 * @throws SlipwayException {@code INVALID_ARGUMENT} when a tensor's data does not
	 * fill its shape, or unnamed tensors come more than one
	 */
	static String encode(ModelInput input) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (input.frame() != null) {
			Map<String, Object> split = new LinkedHashMap<>();
			split.put("columns", input.frame().columns());
			split.put("data", input.frame().rows());
			body.put("dataframe_split", split);
		}
		else {
			body.put("inputs", tensors(input.tensors()));
		}
		if (!input.params().isEmpty()) {
			body.put("params", input.params());
		}
		return JSON.writeValueAsString(body);
	}

	private static Object tensors(List<Tensor> tensors) {
		if (tensors.size() == 1 && unnamed(tensors.get(0))) {
			return nested(tensors.get(0));
		}
		Map<String, Object> named = new LinkedHashMap<>();
		for (Tensor tensor : tensors) {
			if (unnamed(tensor)) {
				throw SlipwayException.invalidArgument("inputs",
						"an unnamed tensor must be the only one (" + tensors.size() + " tensors given)");
			}
			named.put(tensor.name(), nested(tensor));
		}
		return named;
	}

	private static boolean unnamed(Tensor tensor) {
		return tensor.name() == null || tensor.name().isEmpty();
	}

	/** A tensor's flat row-major data as lists nested by its shape. */
	static Object nested(Tensor tensor) {
		long count = 1;
		for (Long dimension : tensor.shape()) {
			if (dimension == null || dimension < 0) {
				throw SlipwayException.invalidArgument(label(tensor), "shape " + tensor.shape() + " is not concrete");
			}
			count = Math.multiplyExact(count, dimension);
		}
		if (count != tensor.data().size()) {
			throw SlipwayException.invalidArgument(label(tensor), "shape " + tensor.shape() + " holds " + count
					+ " elements but the data has " + tensor.data().size());
		}
		if (tensor.shape().isEmpty()) {
			return tensor.data().get(0);
		}
		return nest(tensor.data(), tensor.shape(), 0, 0);
	}

	private static List<Object> nest(List<Object> data, List<Long> shape, int axis, int offset) {
		int length = shape.get(axis).intValue();
		List<Object> list = new ArrayList<>(length);
		if (axis == shape.size() - 1) {
			list.addAll(data.subList(offset, offset + length));
			return list;
		}
		int stride = 1;
		for (int i = axis + 1; i < shape.size(); i++) {
			stride *= shape.get(i).intValue();
		}
		for (int i = 0; i < length; i++) {
			list.add(nest(data, shape, axis + 1, offset + i * stride));
		}
		return list;
	}

	private static String label(Tensor tensor) {
		return unnamed(tensor) ? "inputs" : "inputs." + tensor.name();
	}

	/**
	 * Reads a scoring server's answer, at most {@link #MAX_ANSWER_BYTES} of it.
	 * @throws SlipwayException {@code PREDICTION_FAILED} when it is too large or not JSON
	 */
	static Predictions decode(byte[] body) {
		return decode(body, MAX_ANSWER_BYTES);
	}

	/**
	 * Reads a scoring server's answer: {@code json} is the {@code predictions} value (the
	 * whole answer when it has no such key, as for MLflow's unwrapped chat answers), and
	 * there is one row value per row predicted.
	 */
	static Predictions decode(byte[] body, long maxBytes) {
		if (body.length > maxBytes) {
			throw tooLarge(maxBytes);
		}
		JsonNode answer;
		try {
			answer = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new SlipwayException(ErrorCode.PREDICTION_FAILED, "the model server's answer is not JSON");
		}
		if (answer == null || answer.isMissingNode()) {
			throw new SlipwayException(ErrorCode.PREDICTION_FAILED, "the model server's answer is empty");
		}
		JsonNode predictions = (answer.isObject() && answer.has("predictions")) ? answer.get("predictions") : answer;
		List<Object> rowValues = rowValues(predictions);
		return new Predictions(null, JSON.writeValueAsString(predictions), rowValues.size(), rowValues);
	}

	static SlipwayException tooLarge(long maxBytes) {
		return new SlipwayException(ErrorCode.PREDICTION_FAILED,
				"answer too large: the model server answered more than " + maxBytes + " bytes");
	}

	/**
	 * One value per row: a list's elements (a record's first field, for the records a
	 * DataFrame output becomes), the first output's list of a multi-output object, or the
	 * one value of a scalar answer.
	 */
	static List<Object> rowValues(JsonNode predictions) {
		if (predictions.isArray()) {
			return elements(predictions);
		}
		if (predictions.isObject()) {
			JsonNode first = firstValue(predictions);
			if (first == null) {
				return List.of();
			}
			if (first.isArray()) {
				return elements(first);
			}
			List<Object> one = new ArrayList<>(1);
			one.add(value(first));
			return one;
		}
		List<Object> one = new ArrayList<>(1);
		one.add(value(predictions));
		return one;
	}

	private static List<Object> elements(JsonNode array) {
		List<Object> values = new ArrayList<>(array.size());
		for (JsonNode element : array) {
			values.add(element.isObject() ? value(firstValue(element)) : value(element));
		}
		return values;
	}

	private static JsonNode firstValue(JsonNode object) {
		Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
		return fields.hasNext() ? fields.next().getValue() : null;
	}

	/** A JSON value as plain Java: Long, Double, String, Boolean, null, List or Map. */
	static Object value(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isIntegralNumber()) {
			return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
		}
		if (node.isNumber()) {
			return node.doubleValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isString()) {
			return node.stringValue();
		}
		if (node.isArray()) {
			List<Object> list = new ArrayList<>(node.size());
			node.forEach((element) -> list.add(value(element)));
			return list;
		}
		if (node.isObject()) {
			Map<String, Object> map = new LinkedHashMap<>();
			node.properties().forEach((entry) -> map.put(entry.getKey(), value(entry.getValue())));
			return map;
		}
		return node.asString();
	}

}
