package dev.slipway.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.slipway.error.SlipwayException;
import dev.slipway.query.FilterLexer.Kind;
import dev.slipway.query.FilterLexer.Part;
import dev.slipway.query.FilterLexer.Token;

/**
 * Reads MLflow filter strings ({@code <entity>.<key> <comparator> <value>} clauses joined
 * by {@code AND}) and order_by strings ({@code <entity>.<key> [ASC|DESC]}) against a
 * {@link Grammar}. Every problem is an INVALID_ARGUMENT naming the offending token and
 * its position; no other exception leaves this class for any input.
 */
public final class FilterParser {

	private static final String COMPARATORS = "=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN";

	private final List<Token> tokens;

	private final Grammar grammar;

	private final String field;

	private int next;

	private int listValues;

	private FilterParser(List<Token> tokens, Grammar grammar, String field) {
		this.tokens = tokens;
		this.grammar = grammar;
		this.field = field;
	}

	/** The clauses of {@code filter}; none for {@code null} or a blank filter. */
	public static List<Clause> parse(String filter, Grammar grammar) {
		if (filter == null || filter.isBlank()) {
			return List.of();
		}
		List<Token> tokens = FilterLexer.tokenize(filter, "filter");
		if (tokens.get(0).kind() == Kind.END) {
			return List.of();
		}
		return new FilterParser(tokens, grammar, "filter").clauses();
	}

	/**
	 * One order_by entry such as {@code metrics.`my key` DESC}; {@code field} names it in
	 * errors.
	 */
	public static OrderKey parseOrderBy(String item, Grammar grammar, String field) {
		if (item == null || item.isBlank()) {
			throw SlipwayException.invalidArgument(field, "empty order_by clause; expected <entity>.<key> [ASC|DESC]");
		}
		return new FilterParser(FilterLexer.tokenize(item, field), grammar, field).orderKey();
	}

	/**
	 * Every order_by entry, at most {@link SearchLimits#MAX_ORDER_BY}, each field at most
	 * once; empty for null.
	 */
	public static List<OrderKey> parseOrderByList(List<String> orderBy, Grammar grammar) {
		if (orderBy == null) {
			return List.of();
		}
		if (orderBy.size() > SearchLimits.MAX_ORDER_BY) {
			throw SlipwayException.invalidArgument("order_by",
					"too many fields; at most " + SearchLimits.MAX_ORDER_BY + " are allowed");
		}
		List<OrderKey> keys = new ArrayList<>();
		Set<String> seen = new java.util.HashSet<>();
		for (int i = 0; i < orderBy.size(); i++) {
			String field = "order_by[" + i + "]";
			OrderKey key = parseOrderBy(orderBy.get(i), grammar, field);
			String name = key.entity().name().toLowerCase(Locale.ROOT) + "." + key.key();
			if (!seen.add(name)) {
				throw SlipwayException.invalidArgument(field, "duplicate order_by field " + Texts.quote(name));
			}
			keys.add(key);
		}
		return keys;
	}

	private List<Clause> clauses() {
		List<Clause> clauses = new ArrayList<>();
		while (true) {
			clauses.add(clause());
			if (clauses.size() > SearchLimits.MAX_CLAUSES) {
				throw error("too many clauses; at most " + SearchLimits.MAX_CLAUSES + " are allowed");
			}
			Token token = advance();
			if (token.kind() == Kind.END) {
				return clauses;
			}
			if (token.isKeyword("AND")) {
				continue;
			}
			if (token.isKeyword("OR")) {
				throw error("OR at position " + token.position() + " is not supported; clauses combine with AND only");
			}
			throw unexpected(token, "expected AND or the end of the filter");
		}
	}

	private Clause clause() {
		Token keyToken = advance();
		Target target = switch (keyToken.kind()) {
			case IDENTIFIER, QUOTED -> {
				if (keyToken.isKeyword("AND") || keyToken.isKeyword("OR")) {
					throw unexpected(keyToken, "expected a clause such as metrics.accuracy > 0.9");
				}
				yield target(keyToken, false);
			}
			case OPEN -> throw error("parenthesis at position " + keyToken.position()
					+ " is not supported; clauses combine with AND only, without grouping");
			case END -> throw error("expected a clause at the end of the filter");
			default -> throw unexpected(keyToken, "expected a key such as metrics.accuracy");
		};
		Token operatorToken = advance();
		Operator operator = operator(operatorToken);
		Set<Operator> allowed = allowedOperators(target);
		if (!allowed.contains(operator)) {
			throw error(
					"invalid comparator " + Texts.quote(operator.symbol()) + " at position " + operatorToken.position()
							+ " for " + target.label() + "; expected one of " + Operator.describe(allowed));
		}
		Value value = operator.isList() ? list() : value(target);
		return new Clause(target.entity(), target.key(), operator, value);
	}

	private Operator operator(Token token) {
		if (token.kind() == Kind.COMPARATOR) {
			Operator operator = Operator.fromSymbol(token.value());
			if (operator == null) {
				throw error("invalid comparator " + token.shown() + " at position " + token.position()
						+ "; expected one of " + COMPARATORS);
			}
			return operator;
		}
		if (token.isKeyword("LIKE")) {
			return Operator.LIKE;
		}
		if (token.isKeyword("ILIKE")) {
			return Operator.ILIKE;
		}
		if (token.isKeyword("IN")) {
			return Operator.IN;
		}
		if (token.isKeyword("NOT")) {
			Token in = advance();
			if (in.isKeyword("IN")) {
				return Operator.NOT_IN;
			}
			throw unexpected(in, "expected IN after NOT (NOT IN is the only negated comparator)");
		}
		if (token.isKeyword("IS")) {
			throw error("IS at position " + token.position()
					+ " is not supported; a clause matches only rows that have the key, so compare with = or != instead of IS NULL");
		}
		if (token.kind() == Kind.END) {
			throw error("expected a comparator at the end of the filter; expected one of " + COMPARATORS);
		}
		throw unexpected(token, "expected a comparator (" + COMPARATORS + ")");
	}

	private Value value(Target target) {
		Token token = advance();
		switch (token.kind()) {
			case NUMBER:
				if (!target.numeric()) {
					throw error("expected a quoted string for " + target.label() + " at position " + token.position()
							+ ", got " + token.shown());
				}
				return number(target, token);
			case STRING, QUOTED:
				if (target.numeric() && target.entity() == Entity.ATTRIBUTE && target.key().equals("version_number")
						&& token.value().matches("-?\\d{1,18}")) {
					// MLflow reads a quoted version number as the number.
					return new Value.Decimal(new BigDecimal(token.value()));
				}
				if (target.numeric()) {
					throw error("expected a number for " + target.label() + " at position " + token.position()
							+ ", got " + token.shown());
				}
				return new Value.Text(token.value());
			case OPEN:
				throw error("a list at position " + token.position() + " is only allowed after IN or NOT IN");
			case END:
				throw error("expected a value after the comparator at the end of the filter");
			case IDENTIFIER:
				throw unexpected(token, "expected a value after the comparator (strings need quotes)");
			default:
				throw unexpected(token, "expected a value after the comparator");
		}
	}

	private Value number(Target target, Token token) {
		BigDecimal number;
		try {
			number = new BigDecimal(token.value());
		}
		catch (NumberFormatException ex) {
			throw error("number " + token.shown() + " at position " + token.position() + " is out of range");
		}
		if (target.entity() == Entity.METRIC) {
			return new Value.Decimal(number);
		}
		try {
			return new Value.Decimal(BigDecimal.valueOf(number.longValueExact()));
		}
		catch (ArithmeticException ex) {
			String whole = target.key().equals("version_number") ? "a whole number" : "a whole number of milliseconds";
			throw error("expected " + whole + " for " + target.label() + " at position " + token.position() + ", got "
					+ token.shown());
		}
	}

	private Value list() {
		Token open = advance();
		if (open.kind() != Kind.OPEN) {
			throw unexpected(open, "expected a parenthesized list of quoted strings, e.g. ('a', 'b')");
		}
		List<String> texts = new ArrayList<>();
		while (true) {
			Token item = advance();
			if (item.kind() == Kind.STRING || item.kind() == Kind.QUOTED) {
				texts.add(item.value());
			}
			else if (item.kind() == Kind.CLOSE && !texts.isEmpty()) {
				break; // a trailing comma, as in Python's ('a',)
			}
			else if (item.kind() == Kind.CLOSE) {
				throw error("empty list at position " + open.position() + "; expected at least one quoted string");
			}
			else {
				throw unexpected(item, "expected a quoted string in the list");
			}
			Token separator = advance();
			if (separator.kind() == Kind.CLOSE) {
				break;
			}
			if (separator.kind() != Kind.COMMA) {
				throw unexpected(separator, "expected ',' or ')' in the list");
			}
		}
		this.listValues += texts.size();
		if (this.listValues > SearchLimits.MAX_LIST_VALUES) {
			throw error("too many list values; at most " + SearchLimits.MAX_LIST_VALUES + " are allowed in one filter");
		}
		return new Value.TextList(texts);
	}

	private OrderKey orderKey() {
		Token keyToken = advance();
		if (keyToken.kind() != Kind.IDENTIFIER && keyToken.kind() != Kind.QUOTED) {
			throw unexpected(keyToken, "expected a key such as metrics.rmse");
		}
		Target target = target(keyToken, true);
		Token direction = advance();
		boolean ascending = true;
		if (direction.isKeyword("DESC")) {
			ascending = false;
		}
		else if (!direction.isKeyword("ASC") && direction.kind() != Kind.END) {
			throw unexpected(direction, "expected ASC, DESC or the end");
		}
		if (direction.kind() != Kind.END) {
			Token end = advance();
			if (end.kind() != Kind.END) {
				throw unexpected(end, "expected the end after " + direction.shown());
			}
		}
		return new OrderKey(target.entity(), target.key(), ascending);
	}

	/** The entity and canonical key a key token names, checked against the grammar. */
	private Target target(Token token, boolean forOrder) {
		int position = token.position();
		Entity entity = Entity.ATTRIBUTE;
		String key;
		List<Part> parts = token.parts();
		if (token.kind() == Kind.QUOTED) {
			key = token.value();
		}
		else if (parts.size() == 1) {
			key = parts.get(0).text();
		}
		else {
			Part prefix = parts.get(0);
			entity = (prefix.quote() == '"') ? null : this.grammar.prefixes().get(prefix.text());
			if (entity == null) {
				throw error("invalid entity type " + Texts.quote(prefix.text()) + " at position " + position
						+ "; expected one of " + this.grammar.prefixNames());
			}
			List<Part> rest = parts.subList(1, parts.size());
			if (rest.size() == 1) {
				key = rest.get(0).text();
			}
			else if (rest.stream().anyMatch(Part::quoted)) {
				throw error("key at position " + position
						+ " mixes quoted and unquoted parts; quote the whole key, e.g. tags.`a.b`");
			}
			else {
				key = String.join(".", rest.stream().map(Part::text).toList());
			}
		}
		if (key.isEmpty()) {
			throw error("empty key at position " + position);
		}
		if (forOrder && !this.grammar.orderEntities().contains(entity)) {
			throw error("cannot order by " + entity.name().toLowerCase(Locale.ROOT) + " at position " + position
					+ "; order_by accepts "
					+ String.join(", ",
							this.grammar.orderEntities()
								.stream()
								.sorted()
								.map((e) -> e.name().toLowerCase(Locale.ROOT))
								.toList()));
		}
		return switch (entity) {
			case ATTRIBUTE -> {
				Map<String, String> keys = forOrder ? this.grammar.orderAttributes() : this.grammar.attributes();
				String canonical = keys.get(key);
				if (canonical == null) {
					throw error("invalid attribute key " + Texts.quote(key) + " at position " + position
							+ "; expected one of " + Grammar.attributeNames(keys));
				}
				yield new Target(entity, canonical, this.grammar.numericAttributes().contains(canonical),
						"attribute " + Texts.quote(canonical));
			}
			case DATASET -> {
				if (!Grammar.DATASET_KEYS.contains(key)) {
					throw error("invalid dataset key " + Texts.quote(key) + " at position " + position
							+ "; expected one of name, digest, context");
				}
				yield new Target(entity, key, false, "dataset key " + Texts.quote(key));
			}
			case METRIC -> new Target(entity, key, true, "metric " + Texts.quote(key));
			case PARAM -> new Target(entity, key, false, "param " + Texts.quote(key));
			case TAG -> new Target(entity, key, false, "tag " + Texts.quote(key));
		};
	}

	private Set<Operator> allowedOperators(Target target) {
		if (target.numeric()) {
			return Operator.NUMERIC;
		}
		return switch (target.entity()) {
			case DATASET -> Operator.STRING_OR_LIST;
			case PARAM, TAG -> this.grammar.listsForParamsAndTags() ? Operator.STRING_OR_LIST : Operator.STRING;
			default -> this.grammar.listAttributes().contains(target.key()) ? Operator.STRING_OR_LIST : Operator.STRING;
		};
	}

	private Token advance() {
		Token token = this.tokens.get(this.next);
		if (token.kind() != Kind.END) {
			this.next++;
		}
		return token;
	}

	private SlipwayException unexpected(Token token, String expectation) {
		if (token.kind() == Kind.END) {
			return error("unexpected end: " + expectation);
		}
		return error("unexpected token " + token.shown() + " at position " + token.position() + ": " + expectation);
	}

	private SlipwayException error(String problem) {
		return SlipwayException.invalidArgument(this.field, problem);
	}

	/**
	 * What a key resolved to.
	 *
	 * @param entity the entity
	 * @param key the canonical key
	 * @param numeric whether values must be numbers
	 * @param label how the key is named in messages
	 */
	private record Target(Entity entity, String key, boolean numeric, String label) {

	}

}
