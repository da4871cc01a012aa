package dev.slipway.serving;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * What both wire protocols share: reading a bounded body, JSON values as Java values, and
 * tensors read from and written as (nested) JSON arrays.
 */
final class WireValues {

	/** The size of the first read of a body. */
	private static final int SMALL_BODY = 1024;

	/** The most elements one request may carry, whatever its shape. */
	static final long MAX_ELEMENTS = 10_000_000;

	private WireValues() {
	}

	/**
	 * The body, refused when longer than {@code maxBytes}. A small body (most
	 * predictions) is read into a buffer of its own size's order, not the 16 KB
	 * {@link InputStream#readNBytes(int)} starts with.
	 * @throws SlipwayException {@code PAYLOAD_TOO_LARGE}
	 */
	static byte[] readBounded(InputStream body, long maxBytes) {
		int limit = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(0, maxBytes));
		try {
			byte[] first = new byte[Math.min(limit + 1, SMALL_BODY)];
			int read = body.readNBytes(first, 0, first.length);
			if (read < first.length) {
				return Arrays.copyOf(first, read);
			}
			byte[] rest = body.readNBytes(limit + 1 - read);
			byte[] bytes = Arrays.copyOf(first, read + rest.length);
			System.arraycopy(rest, 0, bytes, read, rest.length);
			if (bytes.length > limit) {
				throw new SlipwayException(ErrorCode.PAYLOAD_TOO_LARGE,
						"The request body is larger than " + limit + " bytes");
			}
			return bytes;
		}
		catch (IOException ex) {
			throw new SlipwayException(ErrorCode.MALFORMED_REQUEST, "The request body could not be read");
		}
	}

	static JsonNode parse(byte[] bytes) {
		try {
			return ServingJson.JSON.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new SlipwayException(ErrorCode.MALFORMED_REQUEST,
					"Ensure that input is a valid JSON formatted string. Error: " + ex.getOriginalMessage());
		}
	}

	/**
	 * A JSON scalar as a Java value: {@link Long} for integers, {@link Double} for other
	 * numbers, {@link String}, {@link Boolean} or null.
	 * @throws SlipwayException {@code INVALID_ARGUMENT} for an array or object
	 */
	static Object scalar(JsonNode node, String where) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isIntegralNumber() && node.canConvertToLong()) {
			return node.longValue();
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
		throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, where + " holds a list or object, not a single value");
	}

	/** Any JSON value as plain Java maps, lists and scalars (for {@code params}). */
	static Object plain(JsonNode node) {
		if (node.isObject()) {
			Map<String, Object> map = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> e : node.properties()) {
				map.put(e.getKey(), plain(e.getValue()));
			}
			return map;
		}
		if (node.isArray()) {
			List<Object> list = new ArrayList<>();
			for (JsonNode item : node) {
				list.add(plain(item));
			}
			return list;
		}
		return scalar(node, "value");
	}

	/**
	 * A tensor from a (nested) JSON array or a scalar, its shape read from the nesting
	 * and its datatype inferred: {@code BOOL}, {@code INT64}, {@code FP64} or
	 * {@code BYTES}.
	 * @throws SlipwayException {@code INVALID_ARGUMENT} naming the tensor when the array
	 * is ragged or mixes kinds of values
	 */
	static Tensor inferTensor(String name, JsonNode value) {
		String label = (name != null) ? "Tensor '" + name + "'" : "The input";
		List<Long> shape = new ArrayList<>();
		JsonNode probe = value;
		while (probe.isArray()) {
			shape.add((long) probe.size());
			if (probe.isEmpty()) {
				break;
			}
			probe = probe.get(0);
		}
		List<Object> data = new ArrayList<>();
		flatten(value, shape, 0, data, label);
		String datatype = inferDatatype(data, label);
		if ("FP64".equals(datatype)) {
			data.replaceAll((v) -> ((Number) v).doubleValue());
		}
		return new Tensor(name, datatype, shape, data);
	}

	private static void flatten(JsonNode node, List<Long> shape, int depth, List<Object> into, String label) {
		if (depth == shape.size()) {
			if (node.isArray() || node.isObject()) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, label + " is not a rectangular array");
			}
			if (node.isNull()) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, label + " holds null");
			}
			if (into.size() >= MAX_ELEMENTS) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
						label + " has more than " + MAX_ELEMENTS + " elements");
			}
			into.add(scalar(node, label));
			return;
		}
		if (!node.isArray() || node.size() != shape.get(depth)) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, label + " is not a rectangular array");
		}
		for (JsonNode item : node) {
			flatten(item, shape, depth + 1, into, label);
		}
	}

	private static String inferDatatype(List<Object> data, String label) {
		boolean bools = false;
		boolean longs = false;
		boolean doubles = false;
		boolean strings = false;
		for (Object v : data) {
			bools |= v instanceof Boolean;
			longs |= v instanceof Long;
			doubles |= v instanceof Double;
			strings |= v instanceof String;
		}
		int kinds = (bools ? 1 : 0) + ((longs || doubles) ? 1 : 0) + (strings ? 1 : 0);
		if (kinds > 1) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, label + " mixes numbers, strings and booleans");
		}
		if (bools) {
			return "BOOL";
		}
		if (strings) {
			return "BYTES";
		}
		return doubles ? "FP64" : (longs ? "INT64" : "FP64");
	}

	/**
	 * Writes the elements of a row-major tensor as nested arrays, starting at
	 * {@code offset}, for the dimensions from {@code depth} on.
	 */
	static int writeNested(JsonGenerator json, List<Object> data, List<Long> shape, int depth, int offset) {
		if (depth == shape.size()) {
			writeScalar(json, data.get(offset));
			return offset + 1;
		}
		json.writeStartArray();
		for (long i = 0; i < shape.get(depth); i++) {
			offset = writeNested(json, data, shape, depth + 1, offset);
		}
		json.writeEndArray();
		return offset;
	}

	/** One element; NaN and infinities become null as pandas writes them. */
	static void writeScalar(JsonGenerator json, Object value) {
		if (value == null) {
			json.writeNull();
		}
		else if (value instanceof Float f) {
			if (f.isNaN() || f.isInfinite()) {
				json.writeNull();
			}
			else {
				json.writeNumber(f);
			}
		}
		else if (value instanceof Double d) {
			if (d.isNaN() || d.isInfinite()) {
				json.writeNull();
			}
			else {
				json.writeNumber(d);
			}
		}
		else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			json.writeNumber(((Number) value).longValue());
		}
		else if (value instanceof Number n) {
			json.writeNumber(n.doubleValue());
		}
		else if (value instanceof Boolean b) {
			json.writeBoolean(b);
		}
		else {
			json.writeString(value.toString());
		}
	}

	/**
	 * The product of the dimensions, or -1 when a dimension is negative or it overflows.
	 */
	static long elements(List<Long> shape) {
		long n = 1;
		for (long d : shape) {
			if (d < 0) {
				return -1;
			}
			n = (d == 0) ? 0 : ((n > Long.MAX_VALUE / d) ? -1 : n * d);
			if (n < 0) {
				return -1;
			}
		}
		return n;
	}

}
