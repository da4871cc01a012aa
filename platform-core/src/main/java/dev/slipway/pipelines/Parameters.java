package dev.slipway.pipelines;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.error.SlipwayException;

/**
 * Binds the parameter values a run is started with to the definition's typed parameters.
 */
final class Parameters {

	private static final int MAX_TEXT = 10_000;

	private Parameters() {
	}

	/**
	 * Every declared parameter's value: given (converted to its type) or its default.
	 * @throws SlipwayException INVALID_ARGUMENT naming {@code parameters.X} for an
	 * unknown name, a missing required value, or a value of the wrong type
	 */
	static Map<String, Object> bind(PipelineDefinition definition, Map<String, Object> given) {
		Map<String, Object> values = (given != null) ? given : Map.of();
		for (String name : values.keySet()) {
			if (!definition.parameters().containsKey(name)) {
				throw SlipwayException.invalidArgument("parameters." + name,
						"is not a parameter of pipeline " + definition.name() + "; it has "
								+ (definition.parameters().isEmpty() ? "none"
										: String.join(", ", definition.parameters().keySet())));
			}
		}
		Map<String, Object> bound = new LinkedHashMap<>();
		definition.parameters().forEach((name, spec) -> {
			Object value = values.get(name);
			if (value == null
					|| (value instanceof String text && text.isEmpty() && spec.type() != ParameterType.STRING)) {
				if (spec.isRequired()) {
					throw SlipwayException.invalidArgument("parameters." + name, "is required (no default)");
				}
				bound.put(name, spec.defaultValue());
				return;
			}
			bound.put(name, convert(name, spec.type(), value));
		});
		return bound;
	}

	private static Object convert(String name, ParameterType type, Object value) {
		String field = "parameters." + name;
		switch (type) {
			case INT -> {
				BigDecimal number = number(field, value, "a whole number");
				try {
					return number.longValueExact();
				}
				catch (ArithmeticException ex) {
					throw SlipwayException.invalidArgument(field, "must be a whole number, not " + value);
				}
			}
			case FLOAT -> {
				return number(field, value, "a number").doubleValue();
			}
			case BOOL -> {
				if (value instanceof Boolean bool) {
					return bool;
				}
				String text = value.toString().strip();
				if (text.equals("true") || text.equals("false")) {
					return Boolean.valueOf(text);
				}
				throw SlipwayException.invalidArgument(field, "must be true or false, not " + value);
			}
			default -> {
				if (value instanceof Map || value instanceof Iterable) {
					throw SlipwayException.invalidArgument(field, "must be a string");
				}
				String text = value.toString();
				if (text.length() > MAX_TEXT) {
					throw SlipwayException.invalidArgument(field, "must be at most " + MAX_TEXT + " characters");
				}
				return text;
			}
		}
	}

	private static BigDecimal number(String field, Object value, String what) {
		if (value instanceof Number number) {
			return new BigDecimal(number.toString());
		}
		if (value instanceof String text) {
			try {
				return new BigDecimal(text.strip());
			}
			catch (NumberFormatException ex) {
				// Refused below.
			}
		}
		throw SlipwayException.invalidArgument(field, "must be " + what + ", not " + value);
	}

}
