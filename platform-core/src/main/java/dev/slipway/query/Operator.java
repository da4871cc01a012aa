package dev.slipway.query;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A filter comparator. */
public enum Operator {

	EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), LIKE("LIKE"), ILIKE("ILIKE"), IN("IN"), NOT_IN("NOT IN");

	/** Comparators for numbers: metrics and numeric attributes. */
	static final Set<Operator> NUMERIC = EnumSet.of(EQ, NE, LT, LE, GT, GE);

	/** Comparators for single strings. */
	static final Set<Operator> STRING = EnumSet.of(EQ, NE, LIKE, ILIKE);

	/** Comparators for strings where a list is also allowed. */
	static final Set<Operator> STRING_OR_LIST = EnumSet.of(EQ, NE, LIKE, ILIKE, IN, NOT_IN);

	private final String symbol;

	Operator(String symbol) {
		this.symbol = symbol;
	}

	/** How the comparator is written in a filter. */
	String symbol() {
		return this.symbol;
	}

	boolean isList() {
		return this == IN || this == NOT_IN;
	}

	/** The comparator written as {@code text} (keywords in any case), or {@code null}. */
	static Operator fromSymbol(String text) {
		for (Operator operator : values()) {
			if (operator.symbol.equalsIgnoreCase(text)) {
				return operator;
			}
		}
		return null;
	}

	static String describe(Set<Operator> operators) {
		return operators.stream().map(Operator::symbol).collect(Collectors.joining(", "));
	}

}
