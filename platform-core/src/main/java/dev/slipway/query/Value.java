package dev.slipway.query;

import java.math.BigDecimal;
import java.util.List;

/** The right-hand side of a filter clause. */
public sealed interface Value {

	/** A quoted string, unescaped. */
	record Text(String text) implements Value {

	}

	/** An unquoted number, exactly as written. */
	record Decimal(BigDecimal number) implements Value {

	}

	/** A parenthesized list of quoted strings, for {@code IN} and {@code NOT IN}. */
	record TextList(List<String> texts) implements Value {

		public TextList {
			texts = List.copyOf(texts);
		}

	}

}
