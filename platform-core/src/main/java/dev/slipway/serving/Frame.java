package dev.slipway.serving;

import java.util.List;

/**
 * Tabular model input: named columns and rows of values, each a {@link String}, a
 * {@link Number} ({@link Long} for integers, {@link Double} otherwise), a {@link Boolean}
 * or null for a missing value. Every row has one value per column.
 *
 * @param columns the column names, in order
 * @param rows the rows
 */
public record Frame(List<String> columns, List<List<Object>> rows) {

	public Frame {
		columns = List.copyOf(columns);
		rows = List.copyOf(rows);
	}

	/** The number of rows. */
	public int size() {
		return this.rows.size();
	}

}
