package dev.slipway.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes random valid filters straight from the grammar (every prefix alias, quoting
 * style, escape, keyword case and spacing) together with the clauses they must parse to,
 * and renders clauses back into one canonical filter.
 */
public final class FilterGenerator {

	/**
	 * A filter and what it means.
	 *
	 * @param text the filter
	 * @param clauses the clauses it must parse to
	 */
	public record Generated(String text, List<Clause> clauses) {

	}

	/**
	 * What the lexer reads unquoted: a letter or underscore, then letters, decimal
	 * digits, underscores.
	 */
	private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{Nd}_]*(\\.[\\p{L}\\p{Nd}_]+)*");

	private static final String[] SPACES = { " ", "  ", "\t", "\n", "\r\n", "\u00a0", " \t " };

	private final Grammar grammar;

	private final Random random;

	private final boolean plainText;

	private FilterGenerator(Grammar grammar, Random random, boolean plainText) {
		this.grammar = grammar;
		this.random = random;
		this.plainText = plainText;
	}

	/** A valid filter of 1 to 4 clauses. */
	public static Generated generate(Grammar grammar, Random random) {
		return new FilterGenerator(grammar, random, false).filter();
	}

	/**
	 * A valid filter whose strings hold no NUL and no lone surrogate, so that any
	 * database accepts them as bound values.
	 */
	public static Generated generateStorable(Grammar grammar, Random random) {
		return new FilterGenerator(grammar, random, true).filter();
	}

	/** The one canonical way to write {@code clauses}. */
	public static String render(List<Clause> clauses, Grammar grammar) {
		List<String> parts = new ArrayList<>();
		for (Clause clause : clauses) {
			String prefix = grammar.prefixes()
				.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() == clause.entity())
				.map(Map.Entry::getKey)
				.findFirst()
				.orElseThrow();
			parts.add(prefix + ".`" + clause.key().replace("`", "``") + "` " + clause.operator().symbol() + " "
					+ renderValue(clause.value()));
		}
		return String.join(" AND ", parts);
	}

	private static String renderValue(Value value) {
		if (value instanceof Value.Decimal decimal) {
			return decimal.number().toString();
		}
		if (value instanceof Value.TextList list) {
			return "(" + String.join(", ", list.texts().stream().map(FilterGenerator::renderString).toList()) + ")";
		}
		return renderString(((Value.Text) value).text());
	}

	private static String renderString(String text) {
		return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
	}

	private Generated filter() {
		int count = 1 + this.random.nextInt(4);
		StringBuilder text = new StringBuilder(maybeSpace());
		List<Clause> clauses = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			if (i > 0) {
				text.append(space()).append(anyCase("AND")).append(space());
			}
			clauses.add(clause(text));
		}
		text.append(maybeSpace());
		return new Generated(text.toString(), clauses);
	}

	private Clause clause(StringBuilder text) {
		List<Entity> entities = new ArrayList<>(Set.copyOf(this.grammar.prefixes().values()));
		entities.sort(null);
		Entity entity = pick(entities);
		String key;
		String canonical;
		if (entity == Entity.ATTRIBUTE) {
			key = pick(new ArrayList<>(this.grammar.attributes().keySet()));
			canonical = this.grammar.attributes().get(key);
		}
		else if (entity == Entity.DATASET) {
			key = pick(List.of("name", "digest", "context"));
			canonical = key;
		}
		else {
			key = this.random.nextBoolean() ? identifier() : anyString(1 + this.random.nextInt(8));
			canonical = key;
		}
		text.append(renderKey(entity, key));

		boolean numeric = entity == Entity.METRIC
				|| (entity == Entity.ATTRIBUTE && this.grammar.numericAttributes().contains(canonical));
		List<Operator> operators = new ArrayList<>(allowed(entity, canonical, numeric));
		operators.sort(null);
		Operator operator = pick(operators);
		boolean keyword = Character.isLetter(operator.symbol().charAt(0));
		text.append(keyword ? space() : maybeSpace());
		text.append(
				(operator == Operator.NOT_IN) ? anyCase("NOT") + space() + anyCase("IN") : anyCase(operator.symbol()));
		text.append(maybeSpace());

		Value value;
		if (operator.isList()) {
			List<String> texts = new ArrayList<>();
			text.append('(').append(maybeSpace());
			int size = 1 + this.random.nextInt(3);
			for (int i = 0; i < size; i++) {
				if (i > 0) {
					text.append(maybeSpace()).append(',').append(maybeSpace());
				}
				String item = anyString(this.random.nextInt(6));
				texts.add(item);
				text.append(quoteString(item));
			}
			if (this.random.nextInt(4) == 0) {
				text.append(',');
			}
			text.append(maybeSpace()).append(')');
			value = new Value.TextList(texts);
		}
		else if (numeric && entity == Entity.METRIC) {
			String literal = decimalLiteral();
			text.append(literal);
			value = new Value.Decimal(new BigDecimal(literal));
		}
		else if (numeric) {
			long number = this.random.nextBoolean() ? this.random.nextInt(100_000)
					: this.random.nextLong() / (1 + this.random.nextInt(1000));
			text.append(wholeLiteral(number));
			value = new Value.Decimal(BigDecimal.valueOf(number));
		}
		else {
			String item = anyString(this.random.nextInt(10));
			text.append(quoteString(item));
			value = new Value.Text(item);
		}
		return new Clause(entity, canonical, operator, value);
	}

	private Set<Operator> allowed(Entity entity, String canonical, boolean numeric) {
		if (numeric) {
			return Operator.NUMERIC;
		}
		return switch (entity) {
			case DATASET -> Operator.STRING_OR_LIST;
			case PARAM, TAG -> this.grammar.listsForParamsAndTags() ? Operator.STRING_OR_LIST : Operator.STRING;
			default -> this.grammar.listAttributes().contains(canonical) ? Operator.STRING_OR_LIST : Operator.STRING;
		};
	}

	private String renderKey(Entity entity, String key) {
		List<String> prefixes = new ArrayList<>();
		this.grammar.prefixes().forEach((prefix, value) -> {
			if (value == entity) {
				prefixes.add(prefix);
			}
		});
		prefixes.sort(null);
		boolean bare = entity == Entity.ATTRIBUTE && this.random.nextBoolean();
		String quotedKey;
		boolean plain = IDENTIFIER.matcher(key).matches() && !isKeyword(key);
		int style = this.random.nextInt(plain ? 3 : 2);
		if (style == 0) {
			quotedKey = "`" + key.replace("`", "``") + "`";
		}
		else if (style == 1) {
			quotedKey = quote(key, '"');
		}
		else {
			quotedKey = key;
		}
		if (bare && !(style == 2 && key.contains("."))) {
			return quotedKey;
		}
		String prefix = pick(prefixes);
		if (this.random.nextInt(8) == 0) {
			prefix = "`" + prefix + "`";
		}
		return prefix + "." + quotedKey;
	}

	private static boolean isKeyword(String key) {
		return Set.of("and", "or", "not", "in", "is", "like", "ilike", "asc", "desc")
			.contains(key.toLowerCase(Locale.ROOT));
	}

	private String quoteString(String text) {
		return quote(text, this.random.nextBoolean() ? '\'' : '"');
	}

	private String quote(String text, char quote) {
		StringBuilder quoted = new StringBuilder().append(quote);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == quote) {
				quoted.append(this.random.nextBoolean() ? "" + quote + quote : "\\" + quote);
			}
			else if (c == '\\') {
				quoted.append("\\\\");
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append(quote).toString();
	}

	private String identifier() {
		StringBuilder key = new StringBuilder();
		int parts = 1 + ((this.random.nextInt(4) == 0) ? this.random.nextInt(3) : 0);
		for (int p = 0; p < parts; p++) {
			if (p > 0) {
				key.append('.');
			}
			int length = 1 + this.random.nextInt(8);
			for (int i = 0; i < length; i++) {
				boolean first = p == 0 && i == 0;
				String letters = "abcxyzABCXYZ_éß";
				String all = letters + "0123456789";
				String from = first ? letters : all;
				key.append(from.charAt(this.random.nextInt(from.length())));
			}
		}
		return key.toString();
	}

	private String anyString(int length) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			int kind = this.random.nextInt(10);
			if (kind < 4) {
				text.append((char) (' ' + this.random.nextInt(95)));
			}
			else if (kind < 7) {
				String special = "'\"`\\%_ .(),=<>!-";
				text.append(special.charAt(this.random.nextInt(special.length())));
			}
			else if (kind == 7) {
				text.append(this.plainText ? 'x' : (char) this.random.nextInt(32));
			}
			else if (kind == 8) {
				text.appendCodePoint(0x1F300 + this.random.nextInt(200));
			}
			else {
				int c = 0xA0 + this.random.nextInt(0xD7FF - 0xA0);
				text.append((char) c);
			}
		}
		return text.toString();
	}

	private String decimalLiteral() {
		String sign = this.random.nextInt(3) == 0 ? "-" : "";
		String digits = Long.toString(Math.abs(this.random.nextLong() % 100_000));
		return switch (this.random.nextInt(5)) {
			case 0 -> sign + digits;
			case 1 -> sign + digits + "." + this.random.nextInt(1000);
			case 2 -> sign + "." + (1 + this.random.nextInt(999));
			case 3 -> sign + digits + (this.random.nextBoolean() ? "e" : "E") + pick(List.of("", "+", "-"))
					+ this.random.nextInt(400);
			default -> sign + digits + ".";
		};
	}

	private String wholeLiteral(long number) {
		if (this.random.nextInt(4) == 0) {
			return number + ".0";
		}
		if (number != 0 && number % 1000 == 0 && this.random.nextBoolean()) {
			return (number / 1000) + "e3";
		}
		return Long.toString(number);
	}

	private String anyCase(String word) {
		StringBuilder text = new StringBuilder();
		for (char c : word.toCharArray()) {
			text.append(this.random.nextBoolean() ? Character.toLowerCase(c) : Character.toUpperCase(c));
		}
		return text.toString();
	}

	private String space() {
		return SPACES[this.random.nextInt(SPACES.length)];
	}

	private String maybeSpace() {
		return this.random.nextBoolean() ? "" : space();
	}

	private <T> T pick(List<T> items) {
		return items.get(this.random.nextInt(items.size()));
	}

}
