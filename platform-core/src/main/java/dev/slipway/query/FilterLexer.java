package dev.slipway.query;

import java.util.ArrayList;
import java.util.List;

import dev.slipway.error.SlipwayException;

/**
 * Splits a filter or order_by string into tokens, the way MLflow's sqlparse-based parser
 * reads them:
 * <ul>
 * <li>identifiers are dot-separated parts, each a run of letters, digits and {@code _},
 * or a key quoted in backticks or double quotes ({@code metrics.`my key`},
 * {@code tags."a b"});</li>
 * <li>strings are in single or double quotes; inside them a doubled quote, a
 * backslash-escaped quote and {@code \\} stand for one character, every other backslash
 * stays as written (so LIKE patterns such as {@code 'a\%'} keep their escape);</li>
 * <li>numbers are {@code -?(digits[.digits]|.digits)[e[+-]digits]};</li>
 * <li>comparators are {@code = != < <= > >=} ({@code == <>} are read so that the parser
 * can reject them by name).</li>
 * </ul>
 * Positions are 0-based character offsets into the input.
 */
final class FilterLexer {

	enum Kind {

		/** Dot-separated key parts; also keywords such as AND, LIKE, IN, ASC. */
		IDENTIFIER,

		/** A single-quoted string. */
		STRING,

		/**
		 * A double-quoted string: a value on the right of a comparator, a key on the
		 * left.
		 */
		QUOTED,

		NUMBER, COMPARATOR, OPEN, CLOSE, COMMA, END

	}

	/**
	 * One part of an identifier.
	 *
	 * @param text the part, unquoted
	 * @param quote the quote it was written in: a backtick, a double quote, or 0
	 */
	record Part(String text, char quote) {

		boolean quoted() {
			return this.quote != 0;
		}

	}

	/**
	 * A token.
	 *
	 * @param kind what it is
	 * @param source the characters it was read from, for messages
	 * @param position where it starts
	 * @param value the unescaped text of a string, or the source of other tokens
	 * @param parts the parts of an identifier; empty for other tokens
	 */
	record Token(Kind kind, String source, int position, String value, List<Part> parts) {

		boolean isKeyword(String keyword) {
			return this.kind == Kind.IDENTIFIER && this.parts.size() == 1 && !this.parts.get(0).quoted()
					&& this.parts.get(0).text().equalsIgnoreCase(keyword);
		}

		/** How the token is shown in a message. */
		String shown() {
			return (this.kind == Kind.END) ? "the end" : Texts.quote(this.source);
		}

	}

	private final String input;

	private final String field;

	private int index;

	private FilterLexer(String input, String field) {
		this.input = input;
		this.field = field;
	}

	/** The tokens of {@code input}, ending with one {@link Kind#END}. */
	static List<Token> tokenize(String input, String field) {
		return new FilterLexer(input, field).run();
	}

	private List<Token> run() {
		List<Token> tokens = new ArrayList<>();
		int length = this.input.length();
		while (true) {
			skipSpace();
			if (this.index >= length) {
				tokens.add(new Token(Kind.END, "", length, "", List.of()));
				return tokens;
			}
			tokens.add(next());
		}
	}

	private Token next() {
		int start = this.index;
		char c = this.input.charAt(start);
		if (c == '\'') {
			String text = readQuoted('\'');
			return token(Kind.STRING, start, text);
		}
		if (c == '"') {
			String text = readQuoted('"');
			if (peek(0) == '.') {
				return readIdentifier(start, new Part(text, '"'));
			}
			return token(Kind.QUOTED, start, text);
		}
		if (c == '`' || isIdentifierStart(this.input.codePointAt(start))) {
			return readIdentifier(start, null);
		}
		if (isDigit(c) || (c == '.' && isDigit(peek(1)))
				|| (c == '-' && (isDigit(peek(1)) || (peek(1) == '.' && isDigit(peek(2)))))) {
			return readNumber(start);
		}
		switch (c) {
			case '(':
				this.index++;
				return token(Kind.OPEN, start, "(");
			case ')':
				this.index++;
				return token(Kind.CLOSE, start, ")");
			case ',':
				this.index++;
				return token(Kind.COMMA, start, ",");
			case '=':
				return comparator(start, (peek(1) == '=') ? 2 : 1);
			case '!':
				if (peek(1) == '=') {
					return comparator(start, 2);
				}
				break;
			case '<':
				return comparator(start, (peek(1) == '=' || peek(1) == '>') ? 2 : 1);
			case '>':
				return comparator(start, (peek(1) == '=') ? 2 : 1);
			default:
				break;
		}
		String hint = (start > 0 && isWordCharacter(this.input.codePointBefore(start)))
				? " (quote keys that contain special characters in backticks, e.g. metrics.`my-key`)" : "";
		throw error("unexpected character " + Texts.quote(new String(Character.toChars(this.input.codePointAt(start))))
				+ " at position " + start + hint);
	}

	private Token comparator(int start, int length) {
		this.index = start + length;
		return token(Kind.COMPARATOR, start, this.input.substring(start, this.index));
	}

	private Token readIdentifier(int start, Part first) {
		List<Part> parts = new ArrayList<>();
		if (first != null) {
			parts.add(first);
			this.index++; // the dot after the quoted first part
			parts.add(readPart());
		}
		else {
			parts.add(readPart());
		}
		while (peek(0) == '.') {
			this.index++;
			parts.add(readPart());
		}
		String source = this.input.substring(start, this.index);
		return new Token(Kind.IDENTIFIER, source, start, source, List.copyOf(parts));
	}

	private Part readPart() {
		int start = this.index;
		char c = peek(0);
		if (c == '`') {
			return new Part(readBackticked(), '`');
		}
		if (c == '"') {
			return new Part(readQuoted('"'), '"');
		}
		while (this.index < this.input.length() && isWordCharacter(this.input.codePointAt(this.index))) {
			this.index += Character.charCount(this.input.codePointAt(this.index));
		}
		if (this.index == start) {
			throw error("expected a key after '.' at position " + start);
		}
		return new Part(this.input.substring(start, this.index), (char) 0);
	}

	private String readBackticked() {
		int start = this.index;
		StringBuilder text = new StringBuilder();
		int i = start + 1;
		while (true) {
			if (i >= this.input.length()) {
				throw error("unterminated quoted key starting at position " + start);
			}
			char c = this.input.charAt(i);
			if (c == '`') {
				if (i + 1 < this.input.length() && this.input.charAt(i + 1) == '`') {
					text.append('`');
					i += 2;
					continue;
				}
				this.index = i + 1;
				return text.toString();
			}
			text.append(c);
			i++;
		}
	}

	private String readQuoted(char quote) {
		int start = this.index;
		StringBuilder text = new StringBuilder();
		int i = start + 1;
		while (true) {
			if (i >= this.input.length()) {
				throw error("unterminated string starting at position " + start);
			}
			char c = this.input.charAt(i);
			if (c == quote) {
				if (i + 1 < this.input.length() && this.input.charAt(i + 1) == quote) {
					text.append(quote);
					i += 2;
					continue;
				}
				this.index = i + 1;
				return text.toString();
			}
			if (c == '\\' && i + 1 < this.input.length()
					&& (this.input.charAt(i + 1) == quote || this.input.charAt(i + 1) == '\\')) {
				text.append(this.input.charAt(i + 1));
				i += 2;
				continue;
			}
			text.append(c);
			i++;
		}
	}

	private Token readNumber(int start) {
		int i = start;
		if (this.input.charAt(i) == '-') {
			i++;
		}
		i = skipDigits(i);
		if (i < this.input.length() && this.input.charAt(i) == '.') {
			i = skipDigits(i + 1);
		}
		if (i < this.input.length() && (this.input.charAt(i) == 'e' || this.input.charAt(i) == 'E')) {
			int j = i + 1;
			if (j < this.input.length() && (this.input.charAt(j) == '+' || this.input.charAt(j) == '-')) {
				j++;
			}
			if (j < this.input.length() && isDigit(this.input.charAt(j))) {
				i = skipDigits(j);
			}
		}
		if (i < this.input.length() && (this.input.charAt(i) == '.' || isWordCharacter(this.input.codePointAt(i)))) {
			int end = i;
			while (end < this.input.length()
					&& (this.input.charAt(end) == '.' || isWordCharacter(this.input.codePointAt(end)))) {
				end += Character.charCount(this.input.codePointAt(end));
			}
			throw error("malformed number " + Texts.quote(this.input.substring(start, end)) + " at position " + start);
		}
		this.index = i;
		return token(Kind.NUMBER, start, this.input.substring(start, i));
	}

	private int skipDigits(int from) {
		int i = from;
		while (i < this.input.length() && isDigit(this.input.charAt(i))) {
			i++;
		}
		return i;
	}

	private void skipSpace() {
		while (this.index < this.input.length()) {
			char c = this.input.charAt(this.index);
			if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
				return;
			}
			this.index++;
		}
	}

	private Token token(Kind kind, int start, String value) {
		return new Token(kind, this.input.substring(start, this.index), start, value, List.of());
	}

	private char peek(int ahead) {
		int at = this.index + ahead;
		return (at < this.input.length()) ? this.input.charAt(at) : 0;
	}

	private SlipwayException error(String problem) {
		return SlipwayException.invalidArgument(this.field, problem);
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isIdentifierStart(int codePoint) {
		return Character.isLetter(codePoint) || codePoint == '_';
	}

	private static boolean isWordCharacter(int codePoint) {
		return Character.isLetterOrDigit(codePoint) || codePoint == '_';
	}

}
