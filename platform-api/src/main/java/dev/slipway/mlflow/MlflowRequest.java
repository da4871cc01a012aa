package dev.slipway.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import dev.slipway.error.SlipwayException;
import tools.jackson.databind.JsonNode;

/**
 * One MLflow request's fields, whatever way they arrived: a JSON body (POST, PATCH, and
 * DELETE too), or query parameters with repeated keys (GET). It absorbs MLflow's wire
 * quirks in one place: int64 as number or string, {@code "NaN"}/{@code "Infinity"}
 * doubles, Python's {@code True}/{@code False}; unknown fields are ignored. A field of
 * the wrong type is INVALID_ARGUMENT naming it.
 */
public final class MlflowRequest {

	private final JsonNode body;

	private final Map<String, String[]> query;

	private final String prefix;

	MlflowRequest(JsonNode body, Map<String, String[]> query) {
		this(body, query, "");
	}

	private MlflowRequest(JsonNode body, Map<String, String[]> query, String prefix) {
		this.body = body;
		this.query = query;
		this.prefix = prefix;
	}

	/**
	 * A string field, or null when absent. Numbers and booleans are read as their text.
	 */
	public String string(String field) {
		JsonNode node = node(field);
		if (node != null) {
			if (node.isValueNode()) {
				return node.asString();
			}
			throw invalid(field, "must be a string");
		}
		String[] values = this.query.get(field);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	/** A string field that must be present and non-empty. */
	public String requireString(String field) {
		String value = string(field);
		if (value == null || value.isEmpty()) {
			throw SlipwayException.invalidArgument(name(field), "is required");
		}
		return value;
	}

	/**
	 * The first of several names that is present (MLflow's
	 * {@code run_id}/{@code run_uuid}).
	 */
	public String firstString(String... fields) {
		for (String field : fields) {
			String value = string(field);
			if (value != null && !value.isEmpty()) {
				return value;
			}
		}
		return null;
	}

	/** An int64 field: a JSON number or a decimal string; null when absent. */
	public Long int64(String field) {
		JsonNode node = node(field);
		String text;
		if (node != null) {
			if (node.isIntegralNumber()) {
				return node.asLong();
			}
			if (!node.isString()) {
				throw invalid(field, "must be an integer");
			}
			text = node.asString();
		}
		else {
			text = string(field);
			if (text == null) {
				return null;
			}
		}
		try {
			return Long.parseLong(text.trim());
		}
		catch (NumberFormatException ex) {
			throw invalid(field, "'" + abbreviate(text) + "' is not an integer");
		}
	}

	/**
	 * A double field: a number, or one of the strings NaN, Infinity, -Infinity; null when
	 * absent.
	 */
	public Double dbl(String field) {
		JsonNode node = node(field);
		String text;
		if (node != null) {
			if (node.isNumber()) {
				return node.asDouble();
			}
			if (!node.isString()) {
				throw invalid(field, "must be a number");
			}
			text = node.asString();
		}
		else {
			text = string(field);
			if (text == null) {
				return null;
			}
		}
		String trimmed = text.trim();
		switch (trimmed) {
			case "NaN", "nan":
				return Double.NaN;
			case "Infinity", "inf", "+Infinity":
				return Double.POSITIVE_INFINITY;
			case "-Infinity", "-inf":
				return Double.NEGATIVE_INFINITY;
			default:
				try {
					return Double.parseDouble(trimmed);
				}
				catch (NumberFormatException ex) {
					throw invalid(field, "'" + abbreviate(text) + "' is not a number");
				}
		}
	}

	/**
	 * A boolean field: JSON true/false or the strings true/false in any case; null when
	 * absent.
	 */
	public Boolean bool(String field) {
		JsonNode node = node(field);
		if (node != null && node.isBoolean()) {
			return node.asBoolean();
		}
		String text = string(field);
		if (text == null) {
			return null;
		}
		return switch (text.trim().toLowerCase(Locale.ROOT)) {
			case "true", "1" -> true;
			case "false", "0" -> false;
			default -> throw invalid(field, "'" + abbreviate(text) + "' is not true or false");
		};
	}

	/** A repeated string field: a JSON array, or repeated query keys. */
	public List<String> strings(String field) {
		JsonNode node = node(field);
		List<String> values = new ArrayList<>();
		if (node != null) {
			if (!node.isArray()) {
				if (node.isValueNode()) {
					values.add(node.asString());
					return values;
				}
				throw invalid(field, "must be a list");
			}
			for (JsonNode item : node) {
				if (!item.isValueNode() || item.isNull()) {
					throw invalid(field, "must be a list of strings");
				}
				values.add(item.asString());
			}
			return values;
		}
		String[] query = this.query.get(field);
		if (query != null) {
			values.addAll(List.of(query));
		}
		return values;
	}

	/** A nested object, or null when absent. */
	public MlflowRequest object(String field) {
		JsonNode node = node(field);
		if (node == null) {
			return null;
		}
		if (!node.isObject()) {
			throw invalid(field, "must be an object");
		}
		return new MlflowRequest(node, Map.of(), name(field) + ".");
	}

	/** A repeated object field; each element must be an object. */
	public List<MlflowRequest> objects(String field) {
		JsonNode node = node(field);
		List<MlflowRequest> items = new ArrayList<>();
		if (node == null) {
			return items;
		}
		if (!node.isArray()) {
			throw invalid(field, "must be a list");
		}
		for (JsonNode item : node) {
			if (!item.isObject()) {
				throw invalid(field, "must be a list of objects");
			}
			items.add(new MlflowRequest(item, Map.of(), name(field) + "."));
		}
		return items;
	}

	/**
	 * A {@code key}/{@code value} pair of this request (set-tag, log-parameter); an
	 * absent value is the empty string, which protobuf's JSON leaves out.
	 */
	public <T> T keyValue(BiFunction<String, String, T> pair) {
		return pair.apply(requireString("key"), valueOf(this));
	}

	/** A list of {@code {key, value}} objects (tags, params). */
	public <T> List<T> keyValues(String field, BiFunction<String, String, T> pair) {
		List<T> pairs = new ArrayList<>();
		for (MlflowRequest item : objects(field)) {
			pairs.add(item.keyValue(pair));
		}
		return pairs;
	}

	private static String valueOf(MlflowRequest item) {
		String value = item.string("value");
		return (value != null) ? value : "";
	}

	private JsonNode node(String field) {
		if (this.body == null) {
			return null;
		}
		JsonNode node = this.body.get(field);
		return (node == null || node.isNull() || node.isMissingNode()) ? null : node;
	}

	private SlipwayException invalid(String field, String problem) {
		return SlipwayException.invalidArgument(name(field), problem);
	}

	private String name(String field) {
		return this.prefix + field;
	}

	private static String abbreviate(String value) {
		return (value.length() <= 64) ? value : value.substring(0, 61) + "...";
	}

}
