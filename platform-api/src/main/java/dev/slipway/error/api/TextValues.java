package dev.slipway.error.api;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Text values of JSON bodies are checked once, where they are read: a NUL character,
 * which no PostgreSQL text column holds, is refused with the field's name instead of
 * failing in the database as a 500. {@link #describe} turns a body that cannot be read
 * into a message naming the field, without Java type names.
 */
@Configuration(proxyBeanMethods = false)
public class TextValues {

	/** Message of a refused NUL character. */
	/** Message of a value of the wrong type. */
	static final String WRONG_TYPE = "not a valid value of this field's type";

	static final String NUL_MESSAGE = "contains a NUL character (\\u0000), which text values may not hold";

	@Bean
	JacksonModule textValuesModule() {
		SimpleModule module = new SimpleModule("slipway-text-values");
		module.addDeserializer(String.class, new NulRefusingStringDeserializer());
		module.addKeyDeserializer(String.class, new NulRefusingKeyDeserializer());
		return module;
	}

	/**
	 * What was wrong with a body Jackson could not read: {@code field: problem} when the
	 * failure has a field, else {@code null}.
	 */
	public static String describe(Throwable failure) {
		JacksonException jackson = find(failure);
		if (jackson == null) {
			return null;
		}
		String field = path(jackson.getPath());
		if (field.isEmpty()) {
			return null;
		}
		String problem;
		if (jackson.getOriginalMessage() != null && jackson.getOriginalMessage().contains(NUL_MESSAGE)) {
			problem = NUL_MESSAGE;
		}
		else if (jackson instanceof InputCoercionException || (jackson.getCause() instanceof InputCoercionException)) {
			problem = "the number is out of range";
		}
		else if (jackson instanceof InvalidFormatException || jackson instanceof MismatchedInputException) {
			problem = WRONG_TYPE;
		}
		else {
			problem = "not a valid value";
		}
		return field + ": " + problem;
	}

	private static JacksonException find(Throwable failure) {
		JacksonException found = null;
		for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson) {
				found = (found == null || !jackson.getPath().isEmpty()) ? jackson : found;
			}
		}
		return found;
	}

	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static final class NulRefusingStringDeserializer extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String value = super.deserialize(parser, context);
			if (value != null && value.indexOf('\0') >= 0) {
				throw InvalidFormatException.from(parser, NUL_MESSAGE, null, String.class);
			}
			return value;
		}

	}

	private static final class NulRefusingKeyDeserializer extends KeyDeserializer {

		@Override
		public Object deserializeKey(String key, DeserializationContext context) {
			if (key.indexOf('\0') >= 0) {
				throw InvalidFormatException.from(context.getParser(), NUL_MESSAGE, null, String.class);
			}
			return key;
		}

	}

}
