package dev.slipway.query;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of SQL under construction with its bound values. Text passed to
 * {@link #sql(String)} is always a constant or a whitelisted column; user values only go
 * through {@link #arg(Object)}.
 */
public final class Sql {

	/** NaN as a literal both PostgreSQL and H2 read; in both, NaN equals NaN. */
	public static final String NAN = "CAST('NaN' AS DOUBLE PRECISION)";

	private final StringBuilder text = new StringBuilder();

	private final List<Object> args = new ArrayList<>();

	public Sql sql(String trusted) {
		this.text.append(trusted);
		return this;
	}

	public Sql arg(Object value) {
		this.text.append('?');
		this.args.add(value);
		return this;
	}

	public Sql args(List<?> values) {
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) {
				this.text.append(", ");
			}
			arg(values.get(i));
		}
		return this;
	}

	public Sql add(Sql other) {
		this.text.append(other.text);
		this.args.addAll(other.args);
		return this;
	}

	/** Appends {@code parts} separated by {@code separator}. */
	public Sql join(String separator, List<Sql> parts) {
		for (int i = 0; i < parts.size(); i++) {
			if (i > 0) {
				this.text.append(separator);
			}
			add(parts.get(i));
		}
		return this;
	}

	public SqlQuery query() {
		return new SqlQuery(this.text.toString(), this.args);
	}

	/**
	 * {@code column <op> value}: case-sensitive for {@code = != LIKE}, case-insensitive
	 * through {@code LOWER} for ILIKE so that it reads the same on both databases.
	 */
	public static Sql compare(String column, Operator operator, Object value) {
		Sql sql = new Sql();
		return switch (operator) {
			case ILIKE -> sql.sql("LOWER(" + column + ") LIKE LOWER(").arg(value).sql(")");
			case IN -> sql.sql(column + " IN (").args((List<?>) value).sql(")");
			case NOT_IN -> sql.sql(column + " NOT IN (").args((List<?>) value).sql(")");
			case NE -> sql.sql(column + " <> ").arg(value);
			default -> sql.sql(column + " " + operator.symbol() + " ").arg(value);
		};
	}

	/**
	 * A metric comparison with IEEE semantics: NaN satisfies only {@code !=}. Both
	 * databases otherwise treat NaN as equal to itself and above every number.
	 */
	public static Sql compareMetric(String column, Operator operator, double value) {
		Sql sql = compare(column, operator, value);
		if (operator != Operator.NE) {
			sql.sql(" AND " + column + " <> " + NAN);
		}
		return sql;
	}

	/** The Java value bound for a string or list clause. */
	public static Object text(Value value) {
		if (value instanceof Value.TextList list) {
			return list.texts();
		}
		return ((Value.Text) value).text();
	}

	/** The Java value bound for a numeric attribute (epoch milliseconds). */
	public static long whole(Value value) {
		return ((Value.Decimal) value).number().longValueExact();
	}

	/** The Java value bound for a metric comparison. */
	public static double real(Value value) {
		return ((Value.Decimal) value).number().doubleValue();
	}

}
