package dev.slipway.mlflow;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.TextValues;
import tools.jackson.databind.JsonNode;

/**
 * Builds {@link MlflowMessage} records from a request: the one place that reads MLflow's
 * wire format. It keeps MLflow's leniencies (unknown fields ignored, int64 as a number or
 * a decimal string, doubles as {@code "NaN"} or {@code "Infinity"}, booleans also as
 * {@code "true"}/{@code "True"}, {@code run_uuid} for {@code run_id}) and refuses what
 * MLflow's handlers refuse, in their words: a value of the wrong JSON type is
 * {@code Invalid value 123 for parameter 'name' supplied}, a missing required one
 * {@code Missing value for required parameter 'name'}, both INVALID_PARAMETER_VALUE.
 */
final class MlflowBinder {

	/** What MLflow appends to every schema refusal. */
	static final String API_DOCS_HINT = " See the API docs for more information about request parameters.";

	private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
		@Override
		protected Shape computeValue(Class<?> type) {
			return Shape.of(type);
		}
	};

	private MlflowBinder() {
	}

	/**
	 * Binds a message from a JSON object body (null when there is none) and the query
	 * parameters; a field is read from the body first, then from the query.
	 */
	static <T> T bind(Class<T> type, JsonNode body, Map<String, String[]> query) {
		return type.cast(SHAPES.get(type).build(new Source(body, query), ""));
	}

	/** "Missing value for required parameter 'x'", as MLflow words it. */
	static SlipwayException missing(String path) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT,
				"Missing value for required parameter '" + path + "'." + API_DOCS_HINT);
	}

	/** "Invalid value 123 for parameter 'x' supplied", as MLflow words it. */
	static SlipwayException invalid(String path, JsonNode value) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT,
				"Invalid value " + abbreviate(value.toString()) + " for parameter '" + path
						+ "' supplied: Hint: Value was of type '" + pythonType(value) + "'." + API_DOCS_HINT);
	}

	/** The same refusal for a query-string value, which is always text. */
	static SlipwayException invalid(String path, String text) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT, "Invalid value \"" + abbreviate(text)
				+ "\" for parameter '" + path + "' supplied: Hint: Value was of type 'str'." + API_DOCS_HINT);
	}

	/**
	 * A NUL character, which no text column of PostgreSQL can hold, refused at the edge
	 * with the parameter's name rather than failing in the database.
	 */
	static SlipwayException nulCharacter(String path) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT,
				"Invalid value for parameter '" + path + "' supplied: it contains a NUL character (\\u0000), "
						+ "which text values may not hold." + API_DOCS_HINT);
	}

	/**
	 * {@code text} if it holds no NUL character and no unpaired surrogate (which no
	 * database stores and no JSON answer could carry back).
	 */
	static String text(String text, String path) {
		String refusal = TextValues.refusal(text);
		if (TextValues.SURROGATE_MESSAGE.equals(refusal)) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					"Invalid value for parameter '" + path + "' supplied: it " + refusal + "." + API_DOCS_HINT);
		}
		if (refusal != null) {
			throw nulCharacter(path);
		}
		return text;
	}

	/** The name Python's {@code type(value).__name__} gives a JSON value. */
	private static String pythonType(JsonNode value) {
		if (value.isString()) {
			return "str";
		}
		if (value.isBoolean()) {
			return "bool";
		}
		if (value.isIntegralNumber()) {
			return "int";
		}
		if (value.isNumber()) {
			return "float";
		}
		if (value.isArray()) {
			return "list";
		}
		return value.isObject() ? "dict" : "NoneType";
	}

	private static String abbreviate(String value) {
		return (value.length() <= 100) ? value : value.substring(0, 97) + "...";
	}

	/**
	 * Where a message's fields come from: a JSON object, and for the top-level message
	 * the query parameters too.
	 */
	private record Source(JsonNode body, Map<String, String[]> query) {

		JsonNode node(String name) {
			if (this.body == null) {
				return null;
			}
			JsonNode node = this.body.get(name);
			return (node == null || node.isNull() || node.isMissingNode()) ? null : node;
		}

		String[] params(String name) {
			if (this.query.isEmpty()) {
				return null;
			}
			String[] values = this.query.get(name);
			return (values != null && values.length > 0) ? values : null;
		}

	}

	/** The kinds of component the binder reads. */
	private enum Kind {

		STRING, INT64, DOUBLE, BOOL, MESSAGE, STRINGS, MESSAGES;

		static Kind of(RecordComponent component) {
			Class<?> type = component.getType();
			if (type == String.class) {
				return STRING;
			}
			if (type == Long.class) {
				return INT64;
			}
			if (type == Double.class) {
				return DOUBLE;
			}
			if (type == Boolean.class) {
				return BOOL;
			}
			if (type.isRecord()) {
				return MESSAGE;
			}
			if (type == List.class && component.getGenericType() instanceof ParameterizedType list) {
				Type item = list.getActualTypeArguments()[0];
				if (item == String.class) {
					return STRINGS;
				}
				if (item instanceof Class<?> itemClass && itemClass.isRecord()) {
					return MESSAGES;
				}
			}
			throw new IllegalStateException(component.getDeclaringRecord().getName() + "." + component.getName()
					+ ": an MLflow message field must be String, Long, Double, Boolean, a record, "
					+ "List<String> or a list of records");
		}

	}

	/** One component of a message record. */
	private record FieldShape(String name, List<String> aliases, Kind kind, boolean required, Class<?> itemType) {

		static FieldShape of(RecordComponent component) {
			MlflowField field = component.getAnnotation(MlflowField.class);
			String name = (field != null && !field.value().isEmpty()) ? field.value() : snakeCase(component.getName());
			List<String> aliases = (field != null) ? List.of(field.aliases()) : List.of();
			Kind kind = Kind.of(component);
			Class<?> itemType = switch (kind) {
				case MESSAGE -> component.getType();
				case MESSAGES ->
					(Class<?>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
				default -> null;
			};
			return new FieldShape(name, aliases, kind, component.isAnnotationPresent(Required.class), itemType);
		}

		Object read(Source source, String prefix) {
			// The hot path (each metric of a 1,000-metric batch) looks each name up once.
			String name = this.name;
			JsonNode node = source.node(name);
			String[] params = (node == null) ? source.params(name) : null;
			for (int i = 0; node == null && params == null && i < this.aliases.size(); i++) {
				name = this.aliases.get(i);
				node = source.node(name);
				params = (node == null) ? source.params(name) : null;
			}
			// Paths are built only for a refusal: a batch binds thousands of fields.
			Object value = (node != null) ? fromJson(node, prefix, name) : fromQuery(params, prefix, this.name);
			if (this.required && (value == null || "".equals(value))) {
				throw missing(prefix + this.name);
			}
			if (value == null && (this.kind == Kind.STRINGS || this.kind == Kind.MESSAGES)) {
				return List.of();
			}
			return value;
		}

		private Object fromJson(JsonNode node, String prefix, String name) {
			return switch (this.kind) {
				case STRING -> {
					if (!node.isString()) {
						throw invalid(prefix + name, node);
					}
					yield text(node.asString(), prefix + name);
				}
				case INT64 -> int64(node, prefix, name);
				case DOUBLE -> dbl(node, prefix, name);
				case BOOL -> {
					if (node.isBoolean()) {
						yield node.asBoolean();
					}
					if (!node.isString()) {
						throw invalid(prefix + name, node);
					}
					yield bool(node.asString(), prefix, name);
				}
				case MESSAGE -> {
					if (!node.isObject()) {
						throw invalid(prefix + name, node);
					}
					yield SHAPES.get(this.itemType).build(new Source(node, Map.of()), prefix + name + ".");
				}
				case STRINGS -> {
					if (!node.isArray()) {
						throw invalid(prefix + name, node);
					}
					List<String> values = new ArrayList<>();
					for (JsonNode item : node) {
						if (!item.isString()) {
							throw invalid(prefix + name, node);
						}
						values.add(text(item.asString(), prefix + name));
					}
					yield values;
				}
				case MESSAGES -> {
					if (!node.isArray()) {
						throw invalid(prefix + name, node);
					}
					List<Object> items = new ArrayList<>();
					for (JsonNode item : node) {
						if (!item.isObject()) {
							throw invalid(prefix + name, node);
						}
						items.add(SHAPES.get(this.itemType).build(new Source(item, Map.of()), prefix + name + "."));
					}
					yield items;
				}
			};
		}

		private Object fromQuery(String[] values, String prefix, String name) {
			if (values == null) {
				return null;
			}
			return switch (this.kind) {
				case STRING -> text(values[0], prefix + name);
				case INT64 -> int64(values[0], prefix, name);
				case DOUBLE -> dbl(values[0], prefix, name);
				case BOOL -> bool(values[0], prefix, name);
				case STRINGS -> {
					for (String value : values) {
						text(value, prefix + name);
					}
					yield List.of(values);
				}
				// A query string carries no nested messages: MLflow's GET routes have
				// none.
				case MESSAGE, MESSAGES -> null;
			};
		}

		private static Long int64(JsonNode node, String prefix, String name) {
			if (node.isIntegralNumber()) {
				// A number beyond 64 bits is refused, as protobuf's JSON reader does,
				// rather than wrapped or failing in the database.
				if (!node.canConvertToLong()) {
					throw invalid(prefix + name, node);
				}
				return node.asLong();
			}
			if (node.isNumber()) {
				double value = finiteDouble(node, prefix, name);
				if (value < Long.MIN_VALUE || value > Long.MAX_VALUE) {
					throw invalid(prefix + name, node);
				}
				// protobuf's JSON reader takes 59.0 for an int64, not 59.5.
				if (value == Math.rint(value) && !Double.isInfinite(value)) {
					return (long) value;
				}
				throw invalid(prefix + name, node);
			}
			if (!node.isString()) {
				throw invalid(prefix + name, node);
			}
			try {
				return Long.parseLong(node.asString().trim());
			}
			catch (NumberFormatException ex) {
				throw invalid(prefix + name, node);
			}
		}

		/**
		 * A number literal as a double; one beyond a double's range (a 401-digit number)
		 * is refused, as protobuf's JSON reader does. Infinities are sent as the strings
		 * "Infinity" and "-Infinity".
		 */
		private static double finiteDouble(JsonNode node, String prefix, String name) {
			double value;
			try {
				value = node.asDouble();
			}
			catch (RuntimeException ex) {
				throw invalid(prefix + name, node);
			}
			if (Double.isInfinite(value)) {
				throw invalid(prefix + name, node);
			}
			return value;
		}

		private static Long int64(String text, String prefix, String name) {
			try {
				return Long.parseLong(text.trim());
			}
			catch (NumberFormatException ex) {
				throw invalid(prefix + name, text);
			}
		}

		private static Double dbl(JsonNode node, String prefix, String name) {
			if (node.isNumber()) {
				return finiteDouble(node, prefix, name);
			}
			if (!node.isString()) {
				throw invalid(prefix + name, node);
			}
			Double value = parseDouble(node.asString());
			if (value == null) {
				throw invalid(prefix + name, node);
			}
			return value;
		}

		private static Double dbl(String text, String prefix, String name) {
			Double value = parseDouble(text);
			if (value == null) {
				throw invalid(prefix + name, text);
			}
			return value;
		}

		/** A double as protobuf's JSON writes one, NaN and infinities as strings. */
		private static Double parseDouble(String text) {
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
						return null;
					}
			}
		}

		private static Boolean bool(String text, String prefix, String name) {
			return switch (text.trim().toLowerCase(Locale.ROOT)) {
				case "true", "1" -> true;
				case "false", "0" -> false;
				default -> throw invalid(prefix + name, text);
			};
		}

	}

	/**
	 * A message record: its fields in declaration order and its canonical constructor.
	 */
	private record Shape(Class<?> type, List<FieldShape> fields, Constructor<?> constructor) {

		static Shape of(Class<?> type) {
			if (!type.isRecord()) {
				throw new IllegalStateException(type.getName() + " is not a record");
			}
			RecordComponent[] components = type.getRecordComponents();
			List<FieldShape> fields = new ArrayList<>();
			Class<?>[] types = new Class<?>[components.length];
			for (int i = 0; i < components.length; i++) {
				fields.add(FieldShape.of(components[i]));
				types[i] = components[i].getType();
			}
			try {
				Constructor<?> constructor = type.getDeclaredConstructor(types);
				constructor.setAccessible(true);
				return new Shape(type, List.copyOf(fields), constructor);
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException(type.getName() + " has no canonical constructor", ex);
			}
		}

		Object build(Source source, String prefix) {
			Object[] values = new Object[this.fields.size()];
			for (int i = 0; i < values.length; i++) {
				values[i] = this.fields.get(i).read(source, prefix);
			}
			try {
				return this.constructor.newInstance(values);
			}
			catch (InvocationTargetException ex) {
				// A record's compact constructor may refuse a combination of fields.
				if (ex.getCause() instanceof RuntimeException runtime) {
					throw runtime;
				}
				throw new IllegalStateException(ex.getCause());
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** {@code runId} → {@code run_id}. */
	static String snakeCase(String name) {
		StringBuilder snake = new StringBuilder(name.length() + 4);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c)) {
				snake.append('_').append(Character.toLowerCase(c));
			}
			else {
				snake.append(c);
			}
		}
		return snake.toString();
	}

}
