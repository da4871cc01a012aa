package dev.slipway.query;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.SlipwayException;

/**
 * Opaque page tokens: base64url of the JSON {@code {"offset":n}}. Decoding also accepts
 * the tokens MLflow's own stores hand out (standard base64, padded, with more keys such
 * as the logged-model search's {@code experiment_ids}), so a client can resume a listing
 * started elsewhere.
 */
public final class PageToken {

	private static final int MAX_LENGTH = 65536;

	private PageToken() {
	}

	/** The token that resumes a listing at row {@code offset}. */
	public static String encode(long offset) {
		if (offset < 0) {
			throw new IllegalArgumentException("offset must not be negative");
		}
		String json = "{\"offset\":" + offset + "}";
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The row offset a token resumes at; 0 for {@code null} or blank.
	 * @throws SlipwayException INVALID_ARGUMENT {@code page_token: invalid page token}
	 * for anything else that is not a token
	 */
	public static long decode(String token) {
		if (token == null || token.isBlank()) {
			return 0;
		}
		if (token.length() > MAX_LENGTH) {
			throw invalid();
		}
		Object parsed = new Json(text(bytes(token))).document();
		if (!(parsed instanceof Map<?, ?> object)) {
			throw invalid();
		}
		return offset(object.get("offset"));
	}

	private static byte[] bytes(String token) {
		// Query-string decoding may have turned '+' into ' '; '-' and '_' are base64url.
		String text = token.strip().replace(' ', '+').replace('-', '+').replace('_', '/');
		int end = text.length();
		while (end > 0 && text.charAt(end - 1) == '=') {
			end--;
		}
		text = text.substring(0, end);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
					|| c == '/';
			if (!base64) {
				throw invalid();
			}
		}
		if (text.isEmpty() || text.length() % 4 == 1) {
			throw invalid();
		}
		try {
			return Base64.getDecoder().decode(text + "==".substring(0, (4 - text.length() % 4) % 4));
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	private static String text(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw invalid();
		}
	}

	private static long offset(Object value) {
		BigDecimal number;
		if (value instanceof BigDecimal decimal) {
			number = decimal;
		}
		else if (value instanceof String text && !text.isEmpty() && text.chars().allMatch((c) -> c >= '0' && c <= '9')
				&& text.length() < 19) {
			number = new BigDecimal(text);
		}
		else {
			throw invalid();
		}
		try {
			long offset = number.longValueExact();
			if (offset < 0) {
				throw invalid();
			}
			return offset;
		}
		catch (ArithmeticException ex) {
			throw invalid();
		}
	}

	private static SlipwayException invalid() {
		return SlipwayException.invalidArgument("page_token", "invalid page token");
	}

	/**
	 * Just enough JSON for page tokens: objects, arrays, strings, numbers, true, false,
	 * null; nesting bounded so that no input can exhaust the stack.
	 */
	private static final class Json {

		private static final int MAX_DEPTH = 32;

		private static final Object NULL = new Object();

		private final String text;

		private int at;

		Json(String text) {
			this.text = text;
		}

		Object document() {
			Object value = value(0);
			skipSpace();
			if (this.at != this.text.length()) {
				throw invalid();
			}
			return value;
		}

		private Object value(int depth) {
			if (depth > MAX_DEPTH) {
				throw invalid();
			}
			skipSpace();
			if (this.at >= this.text.length()) {
				throw invalid();
			}
			char c = this.text.charAt(this.at);
			if (c == '{') {
				return object(depth);
			}
			if (c == '[') {
				return array(depth);
			}
			if (c == '"') {
				return string();
			}
			if (c == '-' || (c >= '0' && c <= '9')) {
				return number();
			}
			if (literal("true")) {
				return Boolean.TRUE;
			}
			if (literal("false")) {
				return Boolean.FALSE;
			}
			if (literal("null")) {
				return NULL;
			}
			throw invalid();
		}

		private Map<String, Object> object(int depth) {
			Map<String, Object> object = new LinkedHashMap<>();
			this.at++;
			skipSpace();
			if (consume('}')) {
				return object;
			}
			while (true) {
				skipSpace();
				if (this.at >= this.text.length() || this.text.charAt(this.at) != '"') {
					throw invalid();
				}
				String key = string();
				skipSpace();
				if (!consume(':')) {
					throw invalid();
				}
				object.put(key, value(depth + 1));
				skipSpace();
				if (consume('}')) {
					return object;
				}
				if (!consume(',')) {
					throw invalid();
				}
			}
		}

		private List<Object> array(int depth) {
			List<Object> array = new ArrayList<>();
			this.at++;
			skipSpace();
			if (consume(']')) {
				return array;
			}
			while (true) {
				array.add(value(depth + 1));
				skipSpace();
				if (consume(']')) {
					return array;
				}
				if (!consume(',')) {
					throw invalid();
				}
			}
		}

		private String string() {
			StringBuilder out = new StringBuilder();
			this.at++;
			while (this.at < this.text.length()) {
				char c = this.text.charAt(this.at++);
				if (c == '"') {
					return out.toString();
				}
				if (c < 0x20) {
					throw invalid();
				}
				if (c != '\\') {
					out.append(c);
					continue;
				}
				if (this.at >= this.text.length()) {
					throw invalid();
				}
				char escaped = this.text.charAt(this.at++);
				switch (escaped) {
					case '"', '\\', '/' -> out.append(escaped);
					case 'b' -> out.append('\b');
					case 'f' -> out.append('\f');
					case 'n' -> out.append('\n');
					case 'r' -> out.append('\r');
					case 't' -> out.append('\t');
					case 'u' -> {
						if (this.at + 4 > this.text.length()) {
							throw invalid();
						}
						int code = 0;
						for (int i = 0; i < 4; i++) {
							int digit = Character.digit(this.text.charAt(this.at++), 16);
							if (digit < 0) {
								throw invalid();
							}
							code = code * 16 + digit;
						}
						out.append((char) code);
					}
					default -> throw invalid();
				}
			}
			throw invalid();
		}

		private BigDecimal number() {
			int start = this.at;
			if (this.text.charAt(this.at) == '-') {
				this.at++;
			}
			int digits = skipDigits();
			if (digits == 0) {
				throw invalid();
			}
			if (consume('.') && skipDigits() == 0) {
				throw invalid();
			}
			if (this.at < this.text.length()
					&& (this.text.charAt(this.at) == 'e' || this.text.charAt(this.at) == 'E')) {
				this.at++;
				if (this.at < this.text.length()
						&& (this.text.charAt(this.at) == '+' || this.text.charAt(this.at) == '-')) {
					this.at++;
				}
				if (skipDigits() == 0) {
					throw invalid();
				}
			}
			try {
				return new BigDecimal(this.text.substring(start, this.at));
			}
			catch (NumberFormatException ex) {
				throw invalid();
			}
		}

		private int skipDigits() {
			int start = this.at;
			while (this.at < this.text.length() && this.text.charAt(this.at) >= '0'
					&& this.text.charAt(this.at) <= '9') {
				this.at++;
			}
			return this.at - start;
		}

		private boolean literal(String word) {
			if (this.text.startsWith(word, this.at)) {
				this.at += word.length();
				return true;
			}
			return false;
		}

		private boolean consume(char c) {
			if (this.at < this.text.length() && this.text.charAt(this.at) == c) {
				this.at++;
				return true;
			}
			return false;
		}

		private void skipSpace() {
			while (this.at < this.text.length()) {
				char c = this.text.charAt(this.at);
				if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
					return;
				}
				this.at++;
			}
		}

	}

}
