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
 * which no PostgreSQL text column holds, and an unpaired surrogate ({@code "\ud800"}),
 * which is no character and could not be written back as JSON, are refused with the
 * field's name instead of failing later as a 500. {@link #describe} turns a body that
 * cannot be read into a message naming the field, without Java type names.
 */
@Configuration(proxyBeanMethods = false)
public class TextValues {

	/** Message of a value of the wrong type. */
	static final String WRONG_TYPE = "not a valid value of this field's type";

	/** Message of a refused NUL character. */
	static final String NUL_MESSAGE = "contains a NUL character (\\u0000), which text values may not hold";

	/** Message of a refused unpaired surrogate. */
	public static final String SURROGATE_MESSAGE = "contains an unpaired UTF-16 surrogate (\\ud800-\\udfff), "
			+ "which is not a character";

	/**
	 * Why {@code value} cannot be stored as text: {@link #NUL_MESSAGE},
	 * {@link #SURROGATE_MESSAGE}, or {@code null} when it can.
	 */
	public static String refusal(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\0') {
				return NUL_MESSAGE;
			}
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return SURROGATE_MESSAGE;
			}
		}
		return null;
	}

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
		else if (jackson.getOriginalMessage() != null && jackson.getOriginalMessage().contains(SURROGATE_MESSAGE)) {
			problem = SURROGATE_MESSAGE;
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
			String refusal = (value != null) ? refusal(value) : null;
			if (refusal != null) {
				throw InvalidFormatException.from(parser, refusal, null, String.class);
			}
			return value;
		}

	}

	private static final class NulRefusingKeyDeserializer extends KeyDeserializer {

		@Override
		public Object deserializeKey(String key, DeserializationContext context) {
			String refusal = refusal(key);
			if (refusal != null) {
				throw InvalidFormatException.from(context.getParser(), refusal, null, String.class);
			}
			return key;
		}

	}

}
