package dev.slipway.query;

import java.util.List;

/**
 * A SQL statement with {@code ?} placeholders and the values bound to them, in order.
 * User input only ever travels in {@link #args()}.
 *
 * @param sql the statement; runs unchanged on PostgreSQL and on H2 in PostgreSQL mode
 * @param args the placeholder values ({@link String}, {@link Long}, {@link Double},
 * {@link Integer})
 */
public record SqlQuery(String sql, List<Object> args) {

	public SqlQuery {
		args = List.copyOf(args);
	}

}
